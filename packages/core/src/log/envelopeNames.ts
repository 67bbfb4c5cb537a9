import { STREAM_PATTERN } from './assertAppendInput.js';

// Every line of a log carries a stream and an id; reading a 1M-event log tested both regexes a
// million times each. These loops give the same answers (envelopeNames.prop.test.ts) without the
// regex engine; streams other than `pod/…`, `node/…` and `cluster` (rare) still use the regex.

// One byte per ASCII code: ALNUM for [A-Za-z0-9], SEP for . _ -, COLON for ':' (ids only). A
// table lookup per character is a few times faster than the comparisons it replaces.
const ALNUM = 1;
const SEP = 2;
const COLON = 4;
const CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  if ((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122)) CLASS[c] = ALNUM;
}
CLASS[46] = SEP; // .
CLASS[95] = SEP; // _
CLASS[45] = SEP; // -
CLASS[58] = COLON;

/** The class bits of the UTF-16 unit `c` (0 for anything outside ASCII). */
const classOf = (c: number) => (c < 128 ? CLASS[c]! : 0);

/** `[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?` over `s[from, s.length)`. */
function isSegment(s: string, from: number): boolean {
  const last = s.length - 1;
  const n = s.length - from;
  if (n < 1 || n > 253) return false;
  if (classOf(s.charCodeAt(from)) !== ALNUM || classOf(s.charCodeAt(last)) !== ALNUM) return false;
  for (let i = from + 1; i < last; i++) if ((classOf(s.charCodeAt(i)) & (ALNUM | SEP)) === 0) return false;
  return true;
}

// Streams already found well formed: a log names the same few streams over and over (a Pod's
// stream on each of its events), and the set's hash of the string is the one the reader's
// revision map needs next anyway. Bounded: cleared when it holds STREAMS_MAX names.
const wellFormed = new Set<string>();
const STREAMS_MAX = 16_384;

/**
 * Whether `s` is a stream name the envelope allows ({@link STREAM_PATTERN}). Pure.
 * @internal
 */
export function isStreamName(s: string): boolean {
  if (wellFormed.has(s)) return true;
  const ok = s.startsWith('pod/')
    ? isSegment(s, 4)
    : s.startsWith('node/')
      ? isSegment(s, 5)
      : s === 'cluster' || STREAM_PATTERN.test(s);
  if (ok) {
    if (wellFormed.size >= STREAMS_MAX) wellFormed.clear();
    wellFormed.add(s);
  }
  return ok;
}

/**
 * Whether `s` is an event id the envelope allows (`ID_PATTERN`). Pure.
 * @internal
 */
export function isEventId(s: string): boolean {
  const n = s.length;
  if (n < 1 || n > 128 || classOf(s.charCodeAt(0)) !== ALNUM) return false;
  for (let i = 1; i < n; i++) if (classOf(s.charCodeAt(i)) === 0) return false;
  return true;
}
