import { describe, expect, it } from 'vitest';
import { parseAt } from './parseAt.js';

describe('parseAt', () => {
  it.each([
    ['42', { seq: 42, text: '42' }],
    ['0', { seq: 0, text: '0' }],
    ['2026-01-01T00:05:00Z', { time: Date.UTC(2026, 0, 1, 0, 5), text: '2026-01-01T00:05:00Z' }],
    [
      '2026-01-01T01:05:00.500+01:00',
      { time: Date.UTC(2026, 0, 1, 0, 5, 0, 500), text: '2026-01-01T01:05:00.500+01:00' },
    ],
    ['5m', { offset: 300_000, text: '5m' }],
    ['1m30s', { offset: 90_000, text: '1m30s' }],
  ])('%s', (value, expected) => {
    expect(parseAt(value)).toEqual(expected);
  });

  it.each(['yesterday', '-5m', '2026-13-45', '1.5', ''])('rejects %j saying what is accepted', (value) => {
    expect(() => parseAt(value)).toThrow(/is not a seq, an RFC 3339 time or a duration: use e\.g\. --at 42/);
  });
});
