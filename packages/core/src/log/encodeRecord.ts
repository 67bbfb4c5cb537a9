import type { RecordedEvent } from '../events/envelope.js';
import { crc32, crcHex } from './crc32.js';
import { linePrefix } from './encodeInto.js';

/** `,"crc":"` + 8 hex digits + `"}`: the fixed-length suffix every line ends with. @internal */
export const CRC_SUFFIX_LENGTH = 18;

/**
 * The envelope of docs/events.md as one JSONL line (without the newline): keys in the order
 * v,seq,stream,rev,id,type,sv,time,subject,data,meta,batch, then `crc`, the CRC-32 of the UTF-8
 * bytes before `,"crc":"`. Any `crc` already on `r` is ignored. Pure.
 */
export function encodeRecord(r: RecordedEvent): string {
  const s = recordPrefix(r);
  return `${s},"crc":"${crcHex(crc32(Buffer.from(s, 'utf8')))}"}`;
}

/**
 * {@link encodeRecord}'s line as UTF-8 bytes with its newline, encoded once: the CRC is taken
 * over the bytes written, and the suffix is written after them. Sets `r.crc`. Pure otherwise.
 */
export function encodeRecordLine(r: RecordedEvent): Buffer {
  const s = recordPrefix(r);
  const n = Buffer.byteLength(s, 'utf8');
  const out = Buffer.allocUnsafe(n + CRC_SUFFIX_LENGTH + 1);
  out.write(s, 0, n, 'utf8');
  const crc = crcHex(crc32(out, 0, n));
  out.write(`,"crc":"${crc}"}\n`, n, CRC_SUFFIX_LENGTH + 1, 'latin1');
  r.crc = crc;
  return out;
}

/** The line up to (not including) `,"crc":"`. */
function recordPrefix(r: RecordedEvent): string {
  return linePrefix(r, false);
}
