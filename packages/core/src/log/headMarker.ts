import { readSync } from 'node:fs';
import { crc32, crcHex } from './crc32.js';
import { ascii, hexInto, int } from './encodeInto.js';

/**
 * The head marker: the first line of a JSONL log (format 2), exactly {@link HEAD_BYTES} bytes with its
 * newline. The writer rewrites it in place after every fdatasync'ed write, before it acknowledges that
 * write, so it names the last acknowledged record: its seq, the byte offset just after its line, and
 * that record's own CRC. Recovery trusts it: an acknowledged record that is damaged, cut or missing
 * (truncation at a line boundary included) is damage, never a torn tail.
 *
 * `{"podstate":"head","format":2,"seq":N,"end":E,"last":"xxxxxxxx","crc":"xxxxxxxx"}` + spaces + `\n`;
 * `crc` is the CRC-32 of the bytes before `,"crc":"`, as in records. `last` is `00000000` at seq 0.
 */
export interface HeadMarker {
  seq: number;
  end: number;
  /** The `crc` field of the record at `seq` (8 lowercase hex digits). */
  last: string;
}

/** Length of the head marker line, newline included; records start at this offset. */
export const HEAD_BYTES = 128;
const PREFIX = '{"podstate":"head"';
const PREFIX_BYTES = Buffer.from(PREFIX);
/** The marker's constant opening, up to its seq's digits. */
const OPEN = Buffer.from('{"podstate":"head","format":2,"seq":', 'latin1');
/** CRC-32 of {@link OPEN}: a marker's CRC continues it over the bytes after. */
const OPEN_CRC = crc32(OPEN);

/**
 * The marker line as bytes (HEAD_BYTES long, newline-terminated), written straight into `into`
 * (no string, no Buffer per marker; the constant opening is copied and its CRC continued, the
 * padding written byte by byte).
 * @internal
 */
export function encodeHead(h: HeadMarker, into: Buffer = Buffer.alloc(HEAD_BYTES)): Buffer {
  into.set(OPEN, 0);
  let at = encodeFields(h, into);
  while (at < HEAD_BYTES - 1) into[at++] = 0x20;
  into[HEAD_BYTES - 1] = 0x0a;
  return into;
}

/** The marker's fields from its seq on, after {@link OPEN}; returns the offset after the closing brace. */
function encodeFields(h: HeadMarker, into: Buffer): number {
  let at = int(into, OPEN.length, h.seq);
  at = ascii(into, at, ',"end":');
  at = int(into, at, h.end);
  at = ascii(into, at, ',"last":"');
  at = ascii(into, at, h.last);
  into[at++] = 0x22; // "
  const c = crc32(into, OPEN.length, at, OPEN_CRC);
  at = ascii(into, at, ',"crc":"');
  at = hexInto(into, at, c);
  into[at++] = 0x22; // "
  into[at++] = 0x7d; // }
  return at;
}

/**
 * The writer's marker, rewritten after every write: {@link encodeHead}'s bytes in one buffer of
 * its own, where the opening and the newline stay written and only the fields are encoded again
 * (padded where the last marker was longer). Returns that buffer.
 * @internal
 */
export function headEncoder(): (h: HeadMarker) => Buffer {
  const buf = Buffer.alloc(HEAD_BYTES, 0x20);
  buf.set(OPEN, 0);
  buf[HEAD_BYTES - 1] = 0x0a;
  let used = OPEN.length;
  return (h) => {
    const at = encodeFields(h, buf);
    if (at < used) buf.fill(0x20, at, used);
    used = at;
    return buf;
  };
}

/**
 * True when the bytes start like a head marker (a format-2 file), whether or not the marker is intact.
 * @internal
 */
export function looksLikeHead(buf: Uint8Array, len: number): boolean {
  if (len === 0) return false;
  for (let i = 0; i < PREFIX_BYTES.length && i < len; i++) if (buf[i] !== PREFIX_BYTES[i]) return false;
  return true;
}

/**
 * Decodes a marker from `buf[0, HEAD_BYTES)`; undefined when it is not an intact marker.
 * @internal
 */
export function decodeHead(buf: Uint8Array, len: number): HeadMarker | undefined {
  if (len < HEAD_BYTES || buf[HEAD_BYTES - 1] !== 0x0a) return undefined;
  const text = Buffer.from(buf.buffer, buf.byteOffset, HEAD_BYTES - 1).toString('latin1');
  const m =
    /^(\{"podstate":"head","format":2,"seq":(\d+),"end":(\d+),"last":"([0-9a-f]{8})"),"crc":"([0-9a-f]{8})"\} *$/.exec(
      text,
    );
  if (!m) return undefined;
  if (crcHex(crc32(Buffer.from(m[1]!, 'latin1'))) !== m[5]) return undefined;
  const seq = Number(m[2]);
  const end = Number(m[3]);
  if (!Number.isSafeInteger(seq) || !Number.isSafeInteger(end) || end < HEAD_BYTES) return undefined;
  return { seq, end, last: m[4]! };
}

/** What the first bytes of a log file say about its format. */
export type HeadState =
  /** An empty file, or a marker torn while the file was being created (nothing was ever acknowledged). */
  | { kind: 'new' }
  /** A format-1 file: records from byte 0, no marker. */
  | { kind: 'legacy' }
  | { kind: 'head'; head: HeadMarker }
  /** A format-2 file whose marker is not intact. */
  | { kind: 'bad'; message: string };

/**
 * Reads and classifies the first line of `fd` (file size `size`).
 * @internal
 */
export function readHeadState(fd: number, size: number): HeadState {
  if (size === 0) return { kind: 'new' };
  const buf = Buffer.alloc(HEAD_BYTES);
  const got = readSync(fd, buf, 0, HEAD_BYTES, 0);
  if (!looksLikeHead(buf, got)) return { kind: 'legacy' };
  const head = decodeHead(buf, got);
  if (head) return { kind: 'head', head };
  // A file shorter than a marker holds no record: its creation was cut before the first fsync.
  if (size < HEAD_BYTES && buf.indexOf(0x0a) === -1) return { kind: 'new' };
  return {
    kind: 'bad',
    message: 'line 1 (byte offset 0): the head marker is damaged (CRC or shape)',
  };
}

/**
 * The `crc` field of the record line ending (newline included) at byte `end` of `fd`.
 * @internal
 */
export function crcOfLineEndingAt(fd: number, end: number): string {
  const buf = Buffer.alloc(11);
  readSync(fd, buf, 0, 11, end - 11);
  return buf.toString('latin1', 0, 8);
}
