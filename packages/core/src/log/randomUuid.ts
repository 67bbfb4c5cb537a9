import { randomFillSync } from 'node:crypto';

// crypto.randomUUID's ids, made with less garbage: randomUUID builds each id from sixteen
// two-character pieces (~600 bytes of intermediate strings an id, measured with V8's sampling heap
// profiler), which on the append path cost more than the rest of the record. Here the same random
// source (randomFillSync, 16 bytes an id taken from a refilled pool, as randomUUID's own cache does)
// is spelled into a scratch buffer and read out as one flat string.

const POOL_IDS = 128;
const pool = Buffer.allocUnsafe(16 * POOL_IDS);
let next = POOL_IDS;
/** Node's unchecked slicer (Buffer#toString calls it after checking its arguments). */
const text = Buffer.allocUnsafe(36) as Buffer & { latin1Slice(start: number, end: number): string };
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * A random version-4 UUID (RFC 9562: 122 random bits, version nibble 4, variant bits 10), lowercase,
 * 8-4-4-4-12: what `crypto.randomUUID()` returns, from the same CSPRNG.
 * @internal
 */
export function randomUuid(): string {
  if (next === POOL_IDS) {
    randomFillSync(pool);
    next = 0;
  }
  const b = 16 * next++;
  pool[b + 6] = (pool[b + 6]! & 0x0f) | 0x40;
  pool[b + 8] = (pool[b + 8]! & 0x3f) | 0x80;
  let at = 0;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) text[at++] = 0x2d; // -
    const v = pool[b + i]!;
    text[at++] = HEX[v >>> 4]!;
    text[at++] = HEX[v & 15]!;
  }
  return text.latin1Slice(0, 36);
}
