import { PodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { isPlainObject } from './assertAppendInput.js';
import { crc32View } from './crc32.js';
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
 * CRC is checked: for lines already verified when the log was opened, so reads stay cheap. A line
 * in the writer's own layout is decoded without parsing its envelope twice (decodeWriterLayout);
 * any other goes through {@link decodeGeneral}, which names what is wrong with it.
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
  const computed = crc32View(viewFor(buf), start, crcAt);
  if (storedCrc(buf, crcAt + 8) !== computed) {
    const stored = Buffer.from(buf.buffer, buf.byteOffset + crcAt + 8, 8).toString('latin1');
    fail(
      'damaged_log',
      ctx,
      `CRC mismatch (stored ${stored}, computed ${computed.toString(16).padStart(8, '0')})`,
    );
  }
  return (
    decodeWriterLayout(buf as SliceBuffer, start, crcAt) ?? decodeGeneral(buf, start, end, ctx, checkShape)
  );
}

/**
 * decodeBytes past the CRC check, for any line: JSON.parse of the whole line, then the envelope's
 * checks (with `checkShape`), each failure reported by name. The writer's layout takes a shortcut
 * (decodeWriterLayout) that must give the same record; a property test holds the two together.
 * @internal
 */
export function decodeGeneral(
  buf: Uint8Array,
  start: number,
  end: number,
  ctx: LineContext,
  checkShape = true,
): RecordedEvent {
  const len = end - start;
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

// The writer's layout (encodeRecord): `{"v":1,"seq":N,"stream":"…","rev":N,"id":"…","type":"…",
// "sv":N,"time":"…"[,"subject":"…"],"data":{…}` then the crc suffix. A line in exactly that layout
// (no whitespace, no escapes in the envelope's strings) is decoded by reading the envelope's bytes
// and JSON.parse of `data` alone, checking the envelope as it goes: the same object JSON.parse of
// the whole line gives (same keys, same order) at about half the cost. Anything else (meta, batch,
// escapes, another key order, a bad field) takes the general path, which reports what is wrong.
const bytesOf = (s: string) => Buffer.from(s, 'latin1');
const HEAD = lit('{"v":1,"seq":');
const AT_STREAM = lit(',"stream":"');
const AT_REV = lit('","rev":');
const AT_ID = lit(',"id":"');
const AT_TYPE = lit('","type":"');
const AT_SV = lit('","sv":');
const AT_TIME = lit(',"time":"');
const AT_SUBJECT = lit('","subject":"');
const AT_DATA = lit('","data":');
const POD = bytesOf('pod/');
const NODE = bytesOf('node/');

// Byte classes: ALNUM [A-Za-z0-9], SEP [._-], COLON ':', TEXT any printable ASCII but `"` and `\`.
const ALNUM = 1;
const SEP = 2;
const COLON = 4;
const TEXT = 8;
const CLASS = new Uint8Array(256);
for (let c = 0x20; c < 0x7f; c++) if (c !== 0x22 && c !== 0x5c) CLASS[c] = TEXT;
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c]! |= ALNUM;
}
CLASS[46]! |= SEP;
CLASS[95]! |= SEP;
CLASS[45]! |= SEP;
CLASS[58]! |= COLON;

/** Node's unchecked slicers (Buffer#toString calls them after checking its arguments). */
type SliceBuffer = Buffer & {
  utf8Slice(start: number, end: number): string;
  latin1Slice(start: number, end: number): string;
};

/** Where the last scan ended (module state: the decoders below allocate nothing). */
let pos = 0;

/** A literal of the layout, with its bytes as little-endian 32-bit words for matchAt. */
interface Lit {
  bytes: Uint8Array;
  words: Int32Array;
}

function lit(s: string): Lit {
  const bytes = bytesOf(s);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.length);
  const words = new Int32Array(bytes.length >> 2);
  for (let k = 0; k < words.length; k++) words[k] = v.getInt32(4 * k, true);
  return { bytes, words };
}

/** Whether `lit` is at `buf[at]` (`v` is buf's view), four bytes a compare; moves `pos` after it. */
function matchAt(v: DataView, buf: Uint8Array, at: number, lit: Lit): boolean {
  const bytes = lit.bytes;
  const n = bytes.length;
  if (at + n > buf.length) return false;
  const words = lit.words;
  const w = words.length;
  for (let k = 0; k < w; k++) if (v.getInt32(at + 4 * k, true) !== words[k]) return false;
  for (let i = 4 * w; i < n; i++) if (buf[at + i] !== bytes[i]) return false;
  pos = at + n;
  return true;
}

/** A JSON integer >= 1 of at most 15 digits at `at` (no sign, no leading zero), else -1; `pos` after it. */
function posInt(buf: Uint8Array, at: number, end: number): number {
  let c = buf[at]!;
  if (c < 0x31 || c > 0x39) return -1;
  let v = c - 0x30;
  let i = at + 1;
  for (; i < end; i++) {
    c = buf[i]!;
    if (c < 0x30 || c > 0x39) break;
    v = v * 10 + (c - 0x30);
  }
  if (i - at > 15) return -1;
  pos = i;
  return v;
}

/** The index of the `"` closing a string at `at` whose bytes all have class `cls`, else -1. */
function closeQuote(buf: Uint8Array, at: number, end: number, cls: number): number {
  for (let i = at; i < end; i++) {
    const c = buf[i]!;
    if (c === 0x22) return i;
    if ((CLASS[c]! & cls) === 0) return -1;
  }
  return -1;
}

/** `[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?` over `buf[from, to)`. */
function isSegmentBytes(buf: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  if (n < 1 || n > 253) return false;
  if ((CLASS[buf[from]!]! & ALNUM) === 0 || (CLASS[buf[to - 1]!]! & ALNUM) === 0) return false;
  for (let i = from + 1; i < to - 1; i++) if ((CLASS[buf[i]!]! & (ALNUM | SEP)) === 0) return false;
  return true;
}

function startsWith(buf: Uint8Array, at: number, to: number, lit: Uint8Array): boolean {
  if (to - at < lit.length) return false;
  for (let i = 0; i < lit.length; i++) if (buf[at + i] !== lit[i]) return false;
  return true;
}

// Strings already made from a line's bytes, by a hash of those bytes: a log names the same few
// streams (each Pod's, on each of its events) and types over and over, so the same string is
// handed out again instead of a new one per line. Besides the allocation this saves the hashing:
// a string keeps its hash once taken, and each record's stream is looked up in a Map or two
// (the reader's revisions, the engine's Pods). Direct-mapped: a colliding name just replaces the
// one in its slot, so memory is bounded whatever the log holds. Only well-formed names are kept,
// so a name found there needs no second check.
const STREAM_SLOTS = 1 << 16;
const streams: (string | undefined)[] = new Array(STREAM_SLOTS).fill(undefined);
const TYPE_SLOTS = 1 << 8;
const types: (string | undefined)[] = new Array(TYPE_SLOTS).fill(undefined);

/** The slot of `buf[from, to)` in a table of `slots` (a power of 2): a hash of its length and last 16 bytes. */
function slotOf(buf: Uint8Array, from: number, to: number, slots: number): number {
  let h = Math.imul(0x811c9dc5 ^ (to - from), 0x01000193);
  for (let i = Math.max(to - 16, from); i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & (slots - 1);
}

// Each kept type's bytes as 32-bit words (its first `length >> 2` four-byte groups, little-endian),
// beside it in its table: a line's bytes are compared with a kept type four at a time.
const typeWords: (Int32Array | undefined)[] = new Array(TYPE_SLOTS).fill(undefined);

/** A DataView of the buffer the lines are read from (one per buffer, kept while it is the same). */
let viewOf: Uint8Array | undefined;
let view: DataView = new DataView(new ArrayBuffer(0));
/** Whether `viewOf` is a Buffer (has Node's slicers: the writer-layout decoder needs them). */
let viewIsBuffer = false;

function viewFor(buf: Uint8Array): DataView {
  if (buf !== viewOf) {
    viewOf = buf;
    view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
    viewIsBuffer = buf instanceof Buffer;
  }
  return view;
}

/** `buf[from, to)`'s whole four-byte groups as words (see typeWords). */
function wordsOf(buf: Uint8Array, from: number, to: number): Int32Array {
  const v = viewFor(buf);
  const words = new Int32Array((to - from) >> 2);
  for (let k = 0; k < words.length; k++) words[k] = v.getInt32(from + 4 * k, true);
  return words;
}

/**
 * Whether `s` (one char per byte: ASCII, or latin1 from the bytes), whose bytes' words are `words`,
 * is the bytes `buf[from, to)`.
 */
function sameAscii(
  s: string | undefined,
  words: Int32Array | undefined,
  buf: Uint8Array,
  from: number,
  to: number,
): s is string {
  if (s === undefined || words === undefined || s.length !== to - from) return false;
  const v = viewFor(buf);
  const n = words.length;
  for (let k = 0; k < n; k++) if (v.getInt32(from + 4 * k, true) !== words[k]) return false;
  for (let i = to - from - 1; i >= 4 * n; i--) if (s.charCodeAt(i) !== buf[from + i]) return false;
  return true;
}

/** The string of the ASCII bytes `buf[from, to)` (an event type), from the table when it holds it. */
function typeAt(buf: SliceBuffer, from: number, to: number): string {
  const slot = slotOf(buf, from, to, TYPE_SLOTS);
  const s = types[slot];
  if (sameAscii(s, typeWords[slot], buf, from, to)) return s;
  const made = buf.latin1Slice(from, to);
  types[slot] = made;
  typeWords[slot] = wordsOf(buf, from, to);
  return made;
}

// Each kept stream's bytes sit beside it in one flat table, a row of STREAM_ROW words per slot:
// its byte length + 1 (0: empty), then its first 60 bytes as little-endian words (the last one
// zero-padded); a longer name's further bytes are compared with the string itself. A line's
// stream is compared with one row (one or two cache lines), without reaching the string's object
// or a words array of its own: with a few hundred Pods live, those were cache misses on every line.
const STREAM_ROW = 16;
const STREAM_ROW_BYTES = 4 * (STREAM_ROW - 1);
const streamRows = new Int32Array(STREAM_SLOTS * STREAM_ROW);

/** The stream slot of `buf[from, to)` (`v` its view): a hash of its length and last 16 bytes. */
function streamSlotOf(v: DataView, buf: Uint8Array, from: number, to: number): number {
  let h = Math.imul(0x811c9dc5 ^ (to - from), 0x01000193);
  if (to - from >= 16) {
    h = Math.imul(h ^ v.getInt32(to - 16, true), 0x01000193);
    h = Math.imul(h ^ v.getInt32(to - 12, true), 0x01000193);
    h = Math.imul(h ^ v.getInt32(to - 8, true), 0x01000193);
    h = Math.imul(h ^ v.getInt32(to - 4, true), 0x01000193);
  } else for (let i = from; i < to; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & (STREAM_SLOTS - 1);
}

/** Whether stream slot `slot` holds the bytes `buf[from, to)` (`v` its view). */
function sameStream(slot: number, v: DataView, buf: Uint8Array, from: number, to: number): boolean {
  const n = to - from;
  const row = slot * STREAM_ROW;
  if (streamRows[row] !== n + 1) return false;
  const inRow = Math.min(n, STREAM_ROW_BYTES);
  const whole = inRow >> 2;
  for (let k = 0; k < whole; k++)
    if (v.getInt32(from + 4 * k, true) !== streamRows[row + 1 + k]) return false;
  if ((inRow & 3) !== 0) {
    let w = 0;
    for (let i = inRow - 1; i >= 4 * whole; i--) w = (w << 8) | buf[from + i]!;
    if (w !== streamRows[row + 1 + whole]) return false;
  }
  if (n > STREAM_ROW_BYTES) {
    const s = streams[slot]!;
    for (let i = STREAM_ROW_BYTES; i < n; i++) if (s.charCodeAt(i) !== buf[from + i]) return false;
  }
  return true;
}

/** A stream name the envelope allows (isStreamName) in `buf[from, to)`, as a string; else undefined. */
function streamAt(buf: SliceBuffer, from: number, to: number): string | undefined {
  const v = viewFor(buf);
  const slot = streamSlotOf(v, buf, from, to);
  if (sameStream(slot, v, buf, from, to)) return streams[slot];
  const ok = startsWith(buf, from, to, POD)
    ? isSegmentBytes(buf, from + 4, to)
    : startsWith(buf, from, to, NODE)
      ? isSegmentBytes(buf, from + 5, to)
      : undefined;
  if (ok === false) return undefined;
  const s = buf.latin1Slice(from, to);
  if (ok !== true && !isStreamName(s)) return undefined;
  const row = slot * STREAM_ROW;
  const n = to - from;
  streamRows.fill(0, row, row + STREAM_ROW);
  streamRows[row] = n + 1;
  for (let i = 0; i < n && i < STREAM_ROW_BYTES; i++)
    streamRows[row + 1 + (i >> 2)]! |= buf[from + i]! << (8 * (i & 3));
  streams[slot] = s;
  return s;
}

// Most events carry one of a few small `data` objects (`{"container":"api","probe":"liveness"}`
// on every probe of that container): those already parsed are kept by their bytes, and each line
// gets its own shallow copy of one (a fresh object with the same keys in the same order and the
// same values, as JSON.parse would give) instead of a parse. Only flat objects (no value an object
// or array) are kept, so the copy shares nothing mutable. Direct-mapped and bounded, as above; the
// slot is a hash of all the bytes (these objects differ anywhere: `{"container":"web",…}` and
// `{"container":"api",…}` share their last bytes), and the kept bytes sit in one flat table.
const SMALL_DATA = 96;
const DATA_SLOTS = 1 << 9;
const dataBytes = new DataView(new ArrayBuffer(DATA_SLOTS * SMALL_DATA));
/** Each slot's byte count (0: empty). */
const dataLengths = new Int32Array(DATA_SLOTS);
const dataValues: (Record<string, unknown> | undefined)[] = new Array(DATA_SLOTS).fill(undefined);

/** The data slot of `buf[from, to)`: a hash of all its bytes, four at a time (murmur3's finish). */
function dataSlotOf(v: DataView, from: number, to: number): number {
  let h = Math.imul(0x811c9dc5 ^ (to - from), 0x01000193);
  let i = from;
  for (; i + 4 <= to; i += 4) h = Math.imul(h ^ v.getInt32(i, true), 0x01000193);
  for (; i < to; i++) h = Math.imul(h ^ v.getUint8(i), 0x01000193);
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) & (DATA_SLOTS - 1);
}

/** Whether data slot `slot` holds the bytes `v[from, to)`. */
function sameData(slot: number, v: DataView, from: number, to: number): boolean {
  const n = to - from;
  if (dataLengths[slot] !== n) return false;
  const base = slot * SMALL_DATA;
  let k = 0;
  for (; k + 4 <= n; k += 4)
    if (v.getInt32(from + k, true) !== dataBytes.getInt32(base + k, true)) return false;
  for (; k < n; k++) if (v.getUint8(from + k) !== dataBytes.getUint8(base + k)) return false;
  return true;
}

/** A copy of the small flat object whose JSON is `buf[from, to)`, if one was kept; else undefined. */
function smallDataAt(buf: Uint8Array, from: number, to: number): Record<string, unknown> | undefined {
  const v = viewFor(buf);
  const slot = dataSlotOf(v, from, to);
  return sameData(slot, v, from, to) ? { ...dataValues[slot] } : undefined;
}

/** Keeps `data` (just parsed from `buf[from, to)`) for smallDataAt when it is flat. */
function keepSmallData(buf: Uint8Array, from: number, to: number, data: Record<string, unknown>): void {
  for (const k in data) {
    const v = data[k];
    if (typeof v === 'object' && v !== null) return;
  }
  const slot = dataSlotOf(viewFor(buf), from, to);
  const base = slot * SMALL_DATA;
  for (let k = 0; k < to - from; k++) dataBytes.setUint8(base + k, buf[from + k]!);
  dataLengths[slot] = to - from;
  dataValues[slot] = { ...data };
}

/**
 * The string of `buf[from, to)` read as latin1 (one char per byte). The lengths every line has
 * (a crc's 8 hex digits, an RFC 3339 time in milliseconds, a UUID id) are made by
 * String.fromCharCode, which V8 runs without leaving compiled code; `latin1Slice` is a call into
 * Node (~twice the cost for these lengths). Same string either way.
 */
// biome-ignore format: one argument a byte, eight a line
function latin1At(b: SliceBuffer, i: number, to: number): string {
  switch (to - i) {
    case 8:
      return String.fromCharCode(
        b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!,
      );
    case 24:
      return String.fromCharCode(
        b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!,
        b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!, b[i + 14]!, b[i + 15]!,
        b[i + 16]!, b[i + 17]!, b[i + 18]!, b[i + 19]!, b[i + 20]!, b[i + 21]!, b[i + 22]!, b[i + 23]!,
      );
    case 36:
      return String.fromCharCode(
        b[i]!, b[i + 1]!, b[i + 2]!, b[i + 3]!, b[i + 4]!, b[i + 5]!, b[i + 6]!, b[i + 7]!,
        b[i + 8]!, b[i + 9]!, b[i + 10]!, b[i + 11]!, b[i + 12]!, b[i + 13]!, b[i + 14]!, b[i + 15]!,
        b[i + 16]!, b[i + 17]!, b[i + 18]!, b[i + 19]!, b[i + 20]!, b[i + 21]!, b[i + 22]!, b[i + 23]!,
        b[i + 24]!, b[i + 25]!, b[i + 26]!, b[i + 27]!, b[i + 28]!, b[i + 29]!, b[i + 30]!, b[i + 31]!,
        b[i + 32]!, b[i + 33]!, b[i + 34]!, b[i + 35]!,
      );
    default:
      return b.latin1Slice(i, to);
  }
}

/**
 * The line `buf[start, crcAt)` + crc suffix decoded, if it is in the writer's layout and valid; else
 * undefined. `view` is buf's (decodeBytes took it for the CRC).
 */
function decodeWriterLayout(buf: SliceBuffer, start: number, crcAt: number): RecordedEvent | undefined {
  const v = view;
  if (!viewIsBuffer || !matchAt(v, buf, start, HEAD)) return undefined;
  const seq = posInt(buf, pos, crcAt);
  if (seq < 0 || !matchAt(v, buf, pos, AT_STREAM)) return undefined;
  const streamFrom = pos;
  const streamTo = closeQuote(buf, streamFrom, crcAt, TEXT);
  if (streamTo < 0 || !matchAt(v, buf, streamTo, AT_REV)) return undefined;
  const rev = posInt(buf, pos, crcAt);
  if (rev < 0 || !matchAt(v, buf, pos, AT_ID)) return undefined;
  const idFrom = pos;
  const idTo = closeQuote(buf, idFrom, crcAt, ALNUM | SEP | COLON);
  // isEventId: 1 to 128 of [A-Za-z0-9._:-], the first alphanumeric.
  if (idTo < 0 || idTo - idFrom > 128 || (CLASS[buf[idFrom]!]! & ALNUM) === 0) return undefined;
  if (!matchAt(v, buf, idTo, AT_TYPE)) return undefined;
  const typeFrom = pos;
  const typeTo = closeQuote(buf, typeFrom, crcAt, TEXT);
  if (typeTo <= typeFrom || !matchAt(v, buf, typeTo, AT_SV)) return undefined;
  const sv = posInt(buf, pos, crcAt);
  if (sv < 0 || !matchAt(v, buf, pos, AT_TIME)) return undefined;
  const timeFrom = pos;
  const timeTo = closeQuote(buf, timeFrom, crcAt, TEXT);
  if (timeTo < 0) return undefined;
  let subjectFrom = -1;
  let subjectTo = -1;
  if (matchAt(v, buf, timeTo, AT_SUBJECT)) {
    subjectFrom = pos;
    subjectTo = closeQuote(buf, subjectFrom, crcAt, TEXT);
    if (subjectTo < 0) return undefined;
    if (!matchAt(v, buf, subjectTo, AT_DATA)) return undefined;
  } else if (!matchAt(v, buf, timeTo, AT_DATA)) return undefined;
  // `data` runs to the crc suffix: an object, then nothing (meta and batch take the general path).
  const dataFrom = pos;
  if (buf[dataFrom] !== 0x7b || buf[crcAt - 1] !== 0x7d) return undefined;
  const stream = streamAt(buf, streamFrom, streamTo);
  if (stream === undefined) return undefined;
  let data: Record<string, unknown> | undefined;
  if (crcAt - dataFrom === 2) data = {};
  else if (crcAt - dataFrom <= SMALL_DATA) data = smallDataAt(buf, dataFrom, crcAt);
  if (data === undefined) {
    try {
      // Starts with `{`, so a JSON value only if it is one whole object.
      data = JSON.parse(buf.utf8Slice(dataFrom, crcAt)) as Record<string, unknown>;
    } catch {
      return undefined;
    }
    if (crcAt - dataFrom <= SMALL_DATA) keepSmallData(buf, dataFrom, crcAt, data);
  }
  // The envelope's strings are ASCII (checked above), so each is its own flat string of its
  // bytes: no string of the whole line is made (the largest allocation per line), and a string an
  // engine keeps (a time) holds only its own bytes, not the line's.
  const id = latin1At(buf, idFrom, idTo);
  const type = typeAt(buf, typeFrom, typeTo);
  const time = latin1At(buf, timeFrom, timeTo);
  const crc = latin1At(buf, crcAt + 8, crcAt + 16);
  // Keys in the line's order, as JSON.parse of the whole line would give them.
  return subjectFrom < 0
    ? { v: 1, seq, stream, rev, id, type, sv, time, data, crc }
    : {
        v: 1,
        seq,
        stream,
        rev,
        id,
        type,
        sv,
        time,
        subject: buf.latin1Slice(subjectFrom, subjectTo),
        data,
        crc,
      };
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
