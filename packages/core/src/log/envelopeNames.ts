// The envelope's name and time patterns, and the checks that give the same answers with less
// work (envelopeNames.prop.test.ts compares them): every line of a log carries a stream and an
// id, and every append is checked. Streams and ids are checked by loops instead of the regex
// engine (the read path tested both regexes a million times on a 1M-event log); streams other
// than `pod/…`, `node/…` and `cluster` (rare) still use the regex. Streams and types already seen
// well formed are remembered. Times are new on every event and the regex checks them quicker
// than a loop in JavaScript did (measured), so they keep it.

const SEGMENT = '[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?';

/** `pod/<uid>`, `node/<name>`, `secret/<ns>/<name>`, `configmap/<ns>/<name>` or `cluster`. */
export const STREAM_PATTERN: RegExp = new RegExp(
  `^(?:(?:pod|node)/${SEGMENT}|(?:secret|configmap)/${SEGMENT}/${SEGMENT}|cluster)$`,
);
/** A UUID or another writer-chosen id: letters, digits and `._:-`, at most 128 characters. */
export const ID_PATTERN: RegExp = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
/** Lowercase dot-segmented fact, e.g. `container.started`. */
export const TYPE_PATTERN: RegExp = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)*$/;
/** RFC 3339 date-time (fractional seconds optional, `Z` or an offset). */
export const TIME_PATTERN: RegExp =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:\d{2})$/;

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Why `s` is not a time Kubernetes would read, or undefined when it is one. Kubernetes reads
 * times with Go's `time.Parse(time.RFC3339, …)` (metav1.Time.UnmarshalJSON), whose
 * parseRFC3339 takes TIME_PATTERN's shape with every field in range: month 1–12, day 1 to the
 * month's length (29 February only in a leap year), hour 0–23, minute and second 0–59, an
 * offset's hour 0–23 and minute 0–59. `Date.parse` alone is looser: it rolls 31 February over to
 * 3 March, so the pattern and `Date.parse` let such a time into the log.
 */
export function rfc3339TimeProblem(s: string): string | undefined {
  if (!TIME_PATTERN.test(s)) return 'it does not have the shape YYYY-MM-DDThh:mm:ss[.frac](Z|±hh:mm)';
  const two = (at: number) => (s.charCodeAt(at) - 48) * 10 + s.charCodeAt(at + 1) - 48;
  const year = two(0) * 100 + two(2);
  const month = two(5);
  const day = two(8);
  if (month < 1 || month > 12) return `month ${s.slice(5, 7)} is not 01–12`;
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 && leap ? 29 : MONTH_DAYS[month - 1]!;
  if (day < 1 || day > days) return `day ${s.slice(8, 10)} is not 01–${days} in ${s.slice(0, 7)}`;
  if (two(11) > 23) return `hour ${s.slice(11, 13)} is not 00–23`;
  if (two(14) > 59) return `minute ${s.slice(14, 16)} is not 00–59`;
  if (two(17) > 59) return `second ${s.slice(17, 19)} is not 00–59`;
  if (s.charCodeAt(s.length - 1) !== 90 /* Z */) {
    const zone = s.length - 6;
    if (two(zone + 1) > 23) return `offset hour ${s.slice(zone + 1, zone + 3)} is not 00–23`;
    if (two(zone + 4) > 59) return `offset minute ${s.slice(zone + 4, zone + 6)} is not 00–59`;
  }
  return undefined;
}

/** `s` is an RFC 3339 time Kubernetes would read (rfc3339TimeProblem finds nothing). */
export const isRfc3339Time = (s: string): boolean => rfc3339TimeProblem(s) === undefined;

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

// Types already found well formed: a log uses a few dozen types over and over. Bounded as streams are.
const typesWellFormed = new Set<string>();

/**
 * Whether `s` is an event type the envelope allows ({@link TYPE_PATTERN}). Pure.
 * @internal
 */
export function isEventTypeName(s: string): boolean {
  if (typesWellFormed.has(s)) return true;
  const ok = TYPE_PATTERN.test(s);
  if (ok) {
    if (typesWellFormed.size >= STREAMS_MAX) typesWellFormed.clear();
    typesWellFormed.add(s);
  }
  return ok;
}
