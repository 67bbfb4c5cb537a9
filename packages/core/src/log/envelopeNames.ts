import { STREAM_PATTERN } from './assertAppendInput.js';

// Every line of a log carries a stream and an id; reading a 1M-event log tested both regexes a
// million times each. These loops give the same answers (envelopeNames.prop.test.ts) without the
// regex engine; streams other than `pod/…`, `node/…` and `cluster` (rare) still use the regex.

const isAlnum = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);

/** `[A-Za-z0-9](?:[A-Za-z0-9._-]{0,251}[A-Za-z0-9])?` over `s[from, s.length)`. */
function isSegment(s: string, from: number): boolean {
  const n = s.length - from;
  if (n < 1 || n > 253 || !isAlnum(s.charCodeAt(from)) || !isAlnum(s.charCodeAt(s.length - 1))) return false;
  for (let i = from + 1; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlnum(c) || c === 46 /* . */ || c === 95 /* _ */ || c === 45) /* - */) return false;
  }
  return true;
}

/**
 * Whether `s` is a stream name the envelope allows ({@link STREAM_PATTERN}). Pure.
 * @internal
 */
export function isStreamName(s: string): boolean {
  if (s.startsWith('pod/')) return isSegment(s, 4);
  if (s.startsWith('node/')) return isSegment(s, 5);
  return s === 'cluster' || STREAM_PATTERN.test(s);
}

/**
 * Whether `s` is an event id the envelope allows (`ID_PATTERN`). Pure.
 * @internal
 */
export function isEventId(s: string): boolean {
  if (s.length < 1 || s.length > 128 || !isAlnum(s.charCodeAt(0))) return false;
  for (let i = 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (!(isAlnum(c) || c === 46 || c === 95 || c === 58 /* : */ || c === 45)) return false;
  }
  return true;
}
