// Slicing-by-8 tables: eight lookups per 8 bytes keep the CRC well above JSON.parse speed,
// so verifying every line on read costs little. zlib.crc32 only exists from Node 22.
const TABLES = buildTables();

function buildTables(): Int32Array {
  const t = new Int32Array(256 * 8);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) {
    let c = t[n]!;
    for (let k = 1; k < 8; k++) {
      c = t[c & 0xff]! ^ (c >>> 8);
      t[k * 256 + n] = c;
    }
  }
  return t;
}

/**
 * Slicing-by-8: the CRC state after eight bytes, given their two little-endian 32-bit words, the
 * first already xored with the state before them. Small enough for V8 to inline into both loops.
 */
function fold8(t: Int32Array, a: number, b: number): number {
  return (
    t[1792 + (a & 0xff)]! ^
    t[1536 + ((a >>> 8) & 0xff)]! ^
    t[1280 + ((a >>> 16) & 0xff)]! ^
    t[1024 + (a >>> 24)]! ^
    t[768 + (b & 0xff)]! ^
    t[512 + ((b >>> 8) & 0xff)]! ^
    t[256 + ((b >>> 16) & 0xff)]! ^
    t[b >>> 24]!
  );
}

/**
 * CRC-32 (IEEE 802.3, as zlib and `cksum -o 3`) of `bytes[start, end)`, as an unsigned integer;
 * `prior`, the CRC-32 of bytes before them, continues it (as zlib's `crc32(data, value)`:
 * `crc32(b, 0, b.length, crc32(a))` is the CRC of a followed by b). Pure.
 * @example crc32(new TextEncoder().encode('123456789')) === 0xcbf43926
 * @internal
 */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, prior = 0): number {
  const t = TABLES;
  let c = ~prior;
  let i = start;
  const stop8 = end - ((end - start) & 7);
  while (i < stop8) {
    const a = (bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24)) ^ c;
    c = fold8(t, a, bytes[i + 4]! | (bytes[i + 5]! << 8) | (bytes[i + 6]! << 16) | (bytes[i + 7]! << 24));
    i += 8;
  }
  while (i < end) c = t[(c ^ bytes[i++]!) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}

/** The 8 lowercase hex digits the envelope's `crc` field carries. Pure. @internal */
export function crcHex(crc: number): string {
  return crc.toString(16).padStart(8, '0');
}

/**
 * {@link crc32} of the bytes `view[start, end)` (from the start), read four at a time through the
 * DataView: the same value, with two loads per eight bytes instead of eight. For a reader that
 * keeps one view over its buffer (decodeLine). Pure.
 * @internal
 */
export function crc32View(view: DataView, start: number, end: number): number {
  const t = TABLES;
  let c = -1;
  let i = start;
  const stop8 = end - ((end - start) & 7);
  while (i < stop8) {
    c = fold8(t, view.getInt32(i, true) ^ c, view.getInt32(i + 4, true));
    i += 8;
  }
  while (i < end) c = t[(c ^ view.getUint8(i++)) & 0xff]! ^ (c >>> 8);
  return (c ^ -1) >>> 0;
}
