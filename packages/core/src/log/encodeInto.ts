import type { RecordedEvent } from '../events/envelope.js';
import { crc32 } from './crc32.js';

// The writer's encoder (not exported from the package): encodeRecordLine's bytes, written once
// straight into a group's buffer.

/** `,"crc":"` + 8 hex digits + `"}`: the fixed-length suffix every line ends with. */
const CRC_SUFFIX_LENGTH = 18;
const CRC_OPEN = Buffer.from(',"crc":"', 'latin1');
const HEX = Buffer.from('0123456789abcdef', 'latin1');

/**
 * Upper bound of the bytes {@link encodeRecordInto} writes for a record whose prefix is `prefix`
 * ({@link linePrefix}): three UTF-8 bytes per UTF-16 unit at most, plus the suffix and newline.
 */
export function maxLineBytes(prefix: string): number {
  return prefix.length * 3 + CRC_SUFFIX_LENGTH + 1;
}

/**
 * encodeRecordLine's line into `buf` at `pos` (which must have {@link maxLineBytes} free): the
 * record's prefix written once as UTF-8, its CRC taken over those bytes, the suffix and newline
 * after them. Sets `r.crc`; returns the bytes written.
 */
export function encodeRecordInto(r: RecordedEvent, prefix: string, buf: Buffer, pos: number): number {
  const n = buf.write(prefix, pos, 'utf8');
  const c = crc32(buf, pos, pos + n);
  let at = pos + n;
  CRC_OPEN.copy(buf, at);
  at += CRC_OPEN.length;
  for (let shift = 28; shift >= 0; shift -= 4) buf[at++] = HEX[(c >>> shift) & 15]!;
  buf[at++] = 0x22; // "
  buf[at++] = 0x7d; // }
  buf[at++] = 0x0a; // newline
  r.crc = buf.toString('latin1', at - 11, at - 3);
  return at - pos;
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
