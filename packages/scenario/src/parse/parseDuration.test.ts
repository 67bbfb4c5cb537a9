import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './parseDuration.js';

describe('parseDuration (Go time.ParseDuration syntax, whole milliseconds)', () => {
  it.each([
    ['0', 0],
    ['0s', 0],
    ['500ms', 500],
    ['10s', 10_000],
    ['5m', 300_000],
    ['1h', 3_600_000],
    ['1m30s', 90_000],
    ['1h2m3s4ms', 3_723_004],
    ['1.5s', 1500],
    ['.5s', 500],
    ['2000us', 2],
  ])('%s → %i ms', (text, ms) => {
    expect(parseDuration(text)).toEqual({ ms });
  });

  it.each([
    ['10', /not a duration/],
    ['10 s', /not a duration/],
    ['s', /not a duration/],
    ['5 minutes', /not a duration/],
    ['1d', /not a duration/],
    ['', /not a duration/],
    ['-5s', /negative/],
    ['1.5ms', /whole number of milliseconds/],
  ])('%j is refused', (text, message) => {
    const r = parseDuration(text);
    expect('error' in r && r.error).toMatch(message);
  });

  it.each([
    [0, '0s'],
    [500, '500ms'],
    [90_000, '1m30s'],
    [3_723_004, '1h2m3s4ms'],
  ])('formatDuration(%i) = %s and parses back', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
    expect(parseDuration(text)).toEqual({ ms });
  });
});
