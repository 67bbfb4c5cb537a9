import type { RecordedEvent } from '../events/envelope.js';
import { crc32 } from './crc32.js';

// The writer's encoder (not exported from the package): encodeRecordLine's bytes, written once
// straight into a group's buffer, piece by piece (no line string, no Buffer per record).

const HEX = Buffer.from('0123456789abcdef', 'latin1');

/** Node's unchecked UTF-8 writer (Buffer#write calls it after checking its arguments). */
type WriteBuffer = Buffer & { utf8Write(s: string, offset: number): number };

/** Writes `s` as UTF-8 at `at` (the caller made room); returns the bytes written. */
function utf8(buf: Buffer, at: number, s: string): number {
  return (buf as WriteBuffer).utf8Write(s, at);
}

/** `,"crc":"` + the CRC of `buf[pos, at)` in hex + `"}` + newline at `at`; sets `r.crc`; returns the line's bytes. */
function writeSuffix(r: RecordedEvent, buf: Buffer, pos: number, at: number): number {
  const c = crc32(buf, pos, at);
  at = hexInto(buf, ascii(buf, at, ',"crc":"'), c);
  buf[at++] = 0x22; // "
  buf[at++] = 0x7d; // }
  buf[at++] = 0x0a; // newline
  r.crc = hex8(c);
  return at - pos;
}

/**
 * Writes the 8 lowercase hex digits of `c` at `at`; returns the offset after them.
 * @internal
 */
export function hexInto(buf: Buffer, at: number, c: number): number {
  for (let shift = 28; shift >= 0; shift -= 4) buf[at++] = HEX[(c >>> shift) & 15]!;
  return at;
}

/** Two lowercase hex digits of every byte value. */
const HEX2: readonly string[] = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * The 8 lowercase hex digits of a CRC (crcHex's string, built from four table entries: a flat
 * 8-character string, no number-to-string conversion).
 * @internal
 */
export function hex8(c: number): string {
  return HEX2[c >>> 24]! + HEX2[(c >>> 16) & 255]! + HEX2[(c >>> 8) & 255]! + HEX2[c & 255]!;
}

/**
 * Writes the characters of `s` (all below U+0080) at `at`; returns the offset after them.
 * @internal
 */
export function ascii(buf: Buffer, at: number, s: string): number {
  for (let i = 0; i < s.length; i++) buf[at++] = s.charCodeAt(i);
  return at;
}

/**
 * Writes the number `n` as JSON (and String) writes it; returns the offset after it.
 * @internal
 */
export function int(buf: Buffer, at: number, n: number): number {
  if (!(n >= 0 && n <= 0x7fffffff && (n | 0) === n)) return ascii(buf, at, String(n));
  let digits = 1;
  for (let m = n; m >= 10; m = (m / 10) | 0) digits++;
  at += digits;
  let i = at;
  let m = n;
  do {
    const q = (m / 10) | 0;
    buf[--i] = 0x30 + m - q * 10;
    m = q;
  } while (m > 0);
  return at;
}

/**
 * Upper bound of the bytes {@link encodeCheckedInto} writes for `r` with its subject and the JSON
 * texts of its data and meta: the field names and punctuation (124 bytes), three numbers of at
 * most 16 digits and one (sv) of at most 24 characters, the checked fields one byte a character,
 * the JSON texts three UTF-8 bytes per UTF-16 unit at most, the subject six (`\u001f`) plus quotes.
 */
export function checkedLineBytes(
  r: RecordedEvent,
  subject: string | undefined,
  data: string,
  meta: string | undefined,
): number {
  return (
    256 +
    r.stream.length +
    r.id.length +
    r.type.length +
    r.time.length +
    3 * (data.length + (meta?.length ?? 0)) +
    (subject === undefined ? 0 : 6 * subject.length + 2)
  );
}

/**
 * `s` as a JSON string at `at`: copied as it is when no character needs escaping (printable ASCII
 * other than `"` and `\`), else JSON.stringify's text. Returns the offset after it.
 */
function quoted(buf: Buffer, at: number, s: string): number {
  const start = at;
  buf[at++] = 0x22; // "
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x22 || c === 0x5c) return start + utf8(buf, start, JSON.stringify(s));
    buf[at++] = c;
  }
  buf[at++] = 0x22; // "
  return at;
}

/**
 * The writer's line for a record planAppend made: the same bytes as encodeRecordLine (a property
 * test compares them), written piece by piece into `buf` at `pos` (which must have
 * {@link checkedLineBytes} free) without building the line as a string first. stream, id, type and
 * time passed assertAppendInput's patterns (characters below U+0080 that JSON never escapes), so
 * they are copied as they are; `subject` is the record's subject (quoted here, as JSON.stringify
 * would), `data` and `meta` the JSON texts of those fields (JSON.stringify's). Sets `r.crc`; returns the bytes written.
 */
export function encodeCheckedInto(
  r: RecordedEvent,
  subject: string | undefined,
  data: string,
  meta: string | undefined,
  buf: Buffer,
  pos: number,
): number {
  let at = ascii(buf, pos, '{"v":1,"seq":');
  at = int(buf, at, r.seq);
  at = ascii(buf, at, ',"stream":"');
  at = ascii(buf, at, r.stream);
  at = ascii(buf, at, '","rev":');
  at = int(buf, at, r.rev);
  at = ascii(buf, at, ',"id":"');
  at = ascii(buf, at, r.id);
  at = ascii(buf, at, '","type":"');
  at = ascii(buf, at, r.type);
  at = ascii(buf, at, '","sv":');
  at = int(buf, at, r.sv);
  at = ascii(buf, at, ',"time":"');
  at = ascii(buf, at, r.time);
  buf[at++] = 0x22; // "
  if (subject !== undefined) {
    at = ascii(buf, at, ',"subject":');
    at = quoted(buf, at, subject);
  }
  at = ascii(buf, at, ',"data":');
  at += utf8(buf, at, data);
  if (meta !== undefined) {
    at = ascii(buf, at, ',"meta":');
    at += utf8(buf, at, meta);
  }
  if (r.batch !== undefined) {
    at = ascii(buf, at, ',"batch":[');
    at = int(buf, at, r.batch[0]);
    buf[at++] = 0x2c; // ,
    at = int(buf, at, r.batch[1]);
    buf[at++] = 0x5d; // ]
  }
  return writeSuffix(r, buf, pos, at);
}

/**
 * A record's line up to (not including) `,"crc":"`, keys in the envelope's order whatever order
 * the caller built the object in. `checked`: stream, id, type and time passed assertAppendInput's
 * patterns (planAppend's records), so they hold no character JSON escapes and are quoted as they
 * are; anything else goes through JSON.stringify.
 */
export function linePrefix(r: RecordedEvent, checked: boolean): string {
  let s = checked
    ? `{"v":1,"seq":${r.seq},"stream":"${r.stream}","rev":${r.rev},"id":"${r.id}","type":"${r.type}","sv":${r.sv},"time":"${r.time}"`
    : `{"v":1,"seq":${r.seq},"stream":${JSON.stringify(r.stream)},"rev":${r.rev},"id":${JSON.stringify(r.id)},"type":${JSON.stringify(r.type)},"sv":${r.sv},"time":${JSON.stringify(r.time)}`;
  if (r.subject !== undefined) s += `,"subject":${JSON.stringify(r.subject)}`;
  s += `,"data":${JSON.stringify(r.data)}`;
  if (r.meta !== undefined) s += `,"meta":${JSON.stringify(r.meta)}`;
  if (r.batch !== undefined) s += `,"batch":[${r.batch[0]},${r.batch[1]}]`;
  return s;
}
