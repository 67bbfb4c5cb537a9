import { readSync } from 'node:fs';
import { MAX_LINE_BYTES } from './decodeLine.js';

/** A 32-bit hash of a string (FNV-1a, then a murmur3 finaliser to spread sequential ids). @internal */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * The event ids of one log file, for `verify`'s uniqueness check, in 12 bytes an id instead of a
 * string each in a Set (~80 bytes): an open-addressing table of 32-bit hashes and the byte offset
 * of the line that holds each id. Equal hashes are settled exactly by reading the earlier line back
 * from the file (rare: a few thousand times in 5M distinct ids), so the answer is never a guess.
 */
export class IdSet {
  private hashes = new Uint32Array(1 << 16);
  /** Offset + 1 of the line holding the id (0: empty slot). */
  private offsets = new Float64Array(1 << 16);
  private count = 0;
  private readonly line = Buffer.allocUnsafe(MAX_LINE_BYTES + 1);

  /** `fd`: the log file the offsets point into. */
  constructor(private readonly fd: number) {}

  /** Adds the id of the line at `offset`; false when an earlier line already had it. */
  add(id: string, offset: number): boolean {
    if (this.count * 4 >= this.hashes.length * 3) this.grow();
    const h = hash32(id);
    const mask = this.hashes.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const at = this.offsets[i]!;
      if (at === 0) {
        this.hashes[i] = h;
        this.offsets[i] = offset + 1;
        this.count++;
        return true;
      }
      if (this.hashes[i] === h && this.idAt(at - 1) === id) return false;
    }
  }

  /** The id of the line at `offset` (read back from the file). */
  private idAt(offset: number): string | undefined {
    const n = readSync(this.fd, this.line, 0, this.line.length, offset);
    const nl = this.line.indexOf(10);
    const text = this.line.toString('utf8', 0, nl >= 0 && nl < n ? nl : n);
    try {
      return (JSON.parse(text) as { id?: string }).id;
    } catch {
      return undefined;
    }
  }

  private grow(): void {
    const { hashes, offsets } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.offsets = new Float64Array(hashes.length * 2);
    const mask = this.hashes.length - 1;
    for (let j = 0; j < hashes.length; j++) {
      const at = offsets[j]!;
      if (at === 0) continue;
      let i = hashes[j]! & mask;
      while (this.offsets[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = hashes[j]!;
      this.offsets[i] = at;
    }
  }
}
