// parseTime reads an event's time on the replay path: the log's own form decoded from its digits,
// every other string by Date.parse. Its answer must be Date.parse's — the check an event's time
// passed when it was appended (checkEventInput: Number.isNaN(Date.parse(time)) refuses) — for every
// string: the same instant, or NaN where Date.parse refuses. And the log's form must never reach
// Date.parse (the reason parseTime exists: several times faster on a replay of millions of events).
import { parseTime } from '@podstate/core';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);

/** Every instant toISOString writes in the four-digit form: years 0000-9999. */
const logTime = fc
  .date({
    min: new Date('0000-01-01T00:00:00.000Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  })
  .chain((d) => {
    const s = d.toISOString();
    // The 24-character form (milliseconds) and the 20-character one (whole seconds, as metav1.Time writes).
    return fc.constantFrom(s, s.replace(/\.\d{3}Z$/, 'Z'));
  });

/** Characters a near miss puts in place of one of a log time's: digits, separators, look-alikes. */
const NEAR = '0123456789-:.TZtz +/;,Ox\u0660'.split('');

/** A log time with one thing wrong (or still right): a character replaced, inserted or dropped, or a field out of range. */
const nearMiss = fc.oneof(
  fc
    .tuple(logTime, fc.nat(), fc.constantFrom(...NEAR))
    .map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice((i % s.length) + 1)),
  fc
    .tuple(logTime, fc.nat(), fc.constantFrom(...NEAR))
    .map(([s, i, c]) => s.slice(0, i % s.length) + c + s.slice(i % s.length)),
  fc.tuple(logTime, fc.nat()).map(([s, i]) => s.slice(0, i % s.length) + s.slice((i % s.length) + 1)),
  fc
    .tuple(
      logTime,
      fc.constantFrom([5, 2], [8, 2], [11, 2], [14, 2], [17, 2], [20, 3], [0, 4]),
      fc.constantFrom(
        '00',
        '13',
        '24',
        '29',
        '30',
        '31',
        '32',
        '59',
        '60',
        '99',
        '000',
        '999',
        '0000',
        '9999',
      ),
    )
    .map(([s, [at, len], v]) => (v.length === len ? s.slice(0, at) + v + s.slice(at + len) : s)),
);

describe('parseTime: the same answer as Date.parse, the check the log was written with', () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it(`every log time (years 0000-9999, with and without milliseconds) and every near miss reads as Date.parse reads it, NaN where it refuses (seed ${seed})`, () => {
    fc.assert(
      fc.property(fc.oneof(logTime, nearMiss), (s) => {
        expect(Object.is(parseTime(s), Date.parse(s)), `${s}: ${parseTime(s)} vs ${Date.parse(s)}`).toBe(
          true,
        );
      }),
      { seed, numRuns: 4000 },
    );
  });

  it(`every log time is decoded from its digits, without calling Date.parse (seed ${seed})`, () => {
    const times = fc.sample(logTime, { seed, numRuns: 500 });
    times.push(
      '0000-01-01T00:00:00.000Z',
      '9999-12-31T23:59:59.999Z',
      '2026-01-31T09:09:09Z',
      '2026-10-19T19:59:59.990Z',
      '2024-02-29T12:00:00.000Z',
      '2023-04-30T23:00:00.000Z',
    );
    const expected = times.map((s) => Date.parse(s));
    const parse = vi.spyOn(Date, 'parse');
    const got = times.map((s) => parseTime(s));
    expect(parse).not.toHaveBeenCalled();
    expect(got).toEqual(expected);
  });

  it('a day 29-31 past the end of its month rolls over as Date.parse rolls it (2026-02-31 is March 3), decoded without Date.parse; day 32 and hour 24 are left to Date.parse', () => {
    const rolled = [
      '2026-02-31T00:00:00.000Z',
      '2023-02-29T00:00:00Z',
      '2026-04-31T10:00:00.000Z',
      '0001-02-29T00:00:00Z',
    ];
    const expected = rolled.map((s) => Date.parse(s));
    expect(expected[0]).toBe(Date.UTC(2026, 2, 3));
    const parse = vi.spyOn(Date, 'parse');
    expect(rolled.map((s) => parseTime(s))).toEqual(expected);
    expect(parse).not.toHaveBeenCalled();
    parse.mockRestore();
    expect(parseTime('2026-01-01T24:00:00.000Z')).toBe(Date.UTC(2026, 0, 2));
    expect(parseTime('2026-01-32T00:00:00.000Z')).toBeNaN();
  });

  it('a character that is not a digit where a digit belongs is refused (NaN), as Date.parse refuses it', () => {
    for (const s of [
      '2026-01-01T00:00:0:.000Z', // ':' is the code after '9'
      '2026-01-01T00:00:0/.000Z', // '/' is the code before '0'
      '2026-01-01T00:00:00.00:Z',
      '2026-01-01T00:00:00.0/0Z',
      '2026-01-01T0::00:00.000Z',
      '2026-01-0/T00:00:00.000Z',
      '2026-0:-01T00:00:00.000Z',
      '202:-01-01T00:00:00.000Z',
      '/026-01-01T00:00:00.000Z',
      '2026-01-01T00:00:0:Z',
      '2026-01-01T00:00:00.Z',
      '2026-01-01T24:30:00.000Z',
      '2026-01-01T23:60:00.000Z',
      '2026-01-01T23:00:60.000Z',
      '2026-00-01T00:00:00.000Z',
      '2026-13-01T00:00:00.000Z',
      '2026-01-00T00:00:00.000Z',
      '2026/01-01T00:00:00.000Z',
      '2026-01/01T00:00:00.000Z',
      '2026-01-01T00/00:00.000Z',
      '2026-01-01T00:00/00.000Z',
      '2026-01-01T00:00:00/000Z',
      '2026-01-01X00:00:00.000Z',
      '2026-01-01T00:00:00.000X',
    ]) {
      expect(Date.parse(s), s).toBeNaN();
      expect(parseTime(s), s).toBeNaN();
    }
  });

  it('other RFC 3339 forms (offsets, more or fewer fraction digits, lower-case t and z) read as Date.parse reads them', () => {
    for (const s of [
      '2026-02-31T00:00:00.000Z',
      '2026-01-01T00:00:00+02:00',
      '2026-01-01T00:00:00.123456Z',
      '2026-01-01T00:00:00.1239Z',
      '2026-01-01T00:00:00.12Z',
      '2026-01-01t00:00:00.000z',
      'nonsense',
      '2026-13-01T00:00:00Z',
    ]) {
      expect(Object.is(parseTime(s), Date.parse(s)), s).toBe(true);
    }
    expect(parseTime('2026-01-01T00:00:00.1239Z')).toBe(Date.UTC(2026, 0, 1, 0, 0, 0, 123));
  });
});

it('February 29 of a common year among years 0001-0099 is not a real date: it reads as Date.parse reads it (year 1, rolled over to March 1), not as Date.UTC would (1901)', () => {
  for (const s of ['0001-02-29T00:00:00.000Z', '0003-02-29T12:00:00Z', '0099-02-29T00:00:00.000Z']) {
    expect(parseTime(s), s).toBe(Date.parse(s));
    expect(new Date(parseTime(s)).getUTCFullYear(), s).toBe(Number(s.slice(0, 4)));
  }
});
