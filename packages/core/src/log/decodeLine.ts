import { PodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { isPlainObject } from './assertAppendInput.js';
import { crc32 } from './crc32.js';
import { CRC_SUFFIX_LENGTH } from './encodeRecord.js';
import { isEventId, isStreamName } from './envelopeNames.js';

/** Longest line the log accepts, in bytes, without its newline. */
export const MAX_LINE_BYTES = 1024 * 1024;

/** Where a line sits, for error messages. */
export interface LineContext {
  /** 1-based line number. */
  lineNo: number;
  /** Byte offset of the line's first byte in the file. */
  offset: number;
  /** File name shown in messages (usually the basename). */
  file: string;
}

const SUFFIX = Buffer.from(',"crc":"');

/** The 8 lowercase hex digits at `at` as a number, or -1 if any is not lowercase hex; allocation-free. */
function storedCrc(buf: Uint8Array, at: number): number {
  let v = 0;
  for (let i = at; i < at + 8; i++) {
    const c = buf[i]!;
    const d = c >= 0x30 && c <= 0x39 ? c - 0x30 : c >= 0x61 && c <= 0x66 ? c - 0x57 : -1;
    if (d < 0) return -1;
    v = v * 16 + d;
  }
  return v;
}

function where(ctx: LineContext): string {
  return `${ctx.file} line ${ctx.lineNo} (byte offset ${ctx.offset})`;
}

function fail(code: 'damaged_log' | 'bad_input', ctx: LineContext, what: string): never {
  throw new PodstateError(code, `${where(ctx)}: ${what}`, {
    file: ctx.file,
    line: ctx.lineNo,
    offset: ctx.offset,
  });
}

/**
 * Decodes `buf[start, end)` (one line, no newline), verifying the CRC. With `checkShape` false only the
 * CRC is checked: for lines already verified when the log was opened, so reads stay cheap.
 * @internal
 */
export function decodeBytes(
  buf: Uint8Array,
  start: number,
  end: number,
  ctx: LineContext,
  checkShape = true,
): RecordedEvent {
  const len = end - start;
  if (len > MAX_LINE_BYTES) fail('bad_input', ctx, `line of ${len} bytes is over the 1 MiB limit`);
  const crcAt = end - CRC_SUFFIX_LENGTH;
  let suffixOk = crcAt > start && buf[end - 1] === 0x7d && buf[end - 2] === 0x22;
  for (let i = 0; suffixOk && i < SUFFIX.length; i++) suffixOk = buf[crcAt + i] === SUFFIX[i];
  if (!suffixOk) fail('damaged_log', ctx, 'the line does not end with a "crc" field (torn or edited line)');
  const computed = crc32(buf, start, crcAt);
  if (storedCrc(buf, crcAt + 8) !== computed) {
    const stored = Buffer.from(buf.buffer, buf.byteOffset + crcAt + 8, 8).toString('latin1');
    fail(
      'damaged_log',
      ctx,
      `CRC mismatch (stored ${stored}, computed ${computed.toString(16).padStart(8, '0')})`,
    );
  }
  let r: RecordedEvent;
  try {
    // utf8Slice is what Buffer#toString('utf8', start, end) calls after checking its arguments
    // (already known good here): one call less per line on the read path.
    const text =
      buf instanceof Buffer
        ? (buf as Buffer & { utf8Slice(start: number, end: number): string }).utf8Slice(start, end)
        : Buffer.from(buf.buffer, buf.byteOffset + start, len).toString('utf8');
    r = JSON.parse(text);
  } catch {
    fail('damaged_log', ctx, 'the line is not valid JSON although its CRC matches');
  }
  if (checkShape) assertEnvelope(r, ctx);
  return r;
}

/**
 * Decodes one JSONL log line into a RecordedEvent, verifying its CRC and envelope shape.
 * Throws PodstateError naming file, line and byte offset: `damaged_log` for a torn, edited or
 * corrupted line, `bad_input` for an unknown format version, a line over 1 MiB or a bad stream or id.
 */
export function decodeLine(line: string | Uint8Array, ctx: LineContext): RecordedEvent {
  const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
  let end = bytes.length;
  if (end > 0 && bytes[end - 1] === 0x0a) end--;
  return decodeBytes(bytes, 0, end, ctx, true);
}

const isPosInt = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 1;

function assertEnvelope(r: RecordedEvent, ctx: LineContext): void {
  if (!isPlainObject(r)) fail('damaged_log', ctx, 'the line is not a JSON object');
  if (r.v !== 1) {
    fail(
      'bad_input',
      ctx,
      `unknown envelope format version ${JSON.stringify(r.v)}; this podstate reads only v 1`,
    );
  }
  if (!isPosInt(r.seq)) fail('damaged_log', ctx, 'seq must be an integer >= 1');
  if (typeof r.stream !== 'string' || !isStreamName(r.stream)) {
    fail('bad_input', ctx, `stream ${JSON.stringify(r.stream)} has the wrong shape`);
  }
  if (!isPosInt(r.rev)) fail('damaged_log', ctx, 'rev must be an integer >= 1');
  if (typeof r.id !== 'string' || !isEventId(r.id)) {
    fail('bad_input', ctx, `id ${JSON.stringify(r.id)} has the wrong shape`);
  }
  if (typeof r.type !== 'string' || r.type === '')
    fail('damaged_log', ctx, 'type must be a non-empty string');
  if (!isPosInt(r.sv)) fail('damaged_log', ctx, 'sv must be an integer >= 1');
  if (typeof r.time !== 'string') fail('damaged_log', ctx, 'time must be a string');
  if (r.subject !== undefined && typeof r.subject !== 'string')
    fail('damaged_log', ctx, 'subject must be a string');
  if (!isPlainObject(r.data)) fail('damaged_log', ctx, 'data must be an object');
  if (r.meta !== undefined && !isPlainObject(r.meta)) fail('damaged_log', ctx, 'meta must be an object');
  if (r.batch !== undefined) {
    const b = r.batch;
    const ok = Array.isArray(b) && b.length === 2 && Number.isInteger(b[0]) && b[0] >= 0 && b[0] < b[1];
    if (!ok) fail('damaged_log', ctx, `batch ${JSON.stringify(b)} must be [i, n] with 0 <= i < n`);
  }
}
