import { parseTime } from '@podstate/core';
import fc from 'fast-check';
import { expect, it } from 'vitest';

it('parseTime agrees with Date.parse on every time the log writes, and on other forms', () => {
  fc.assert(
    fc.property(
      fc.date({ min: new Date('1970-01-01'), max: new Date('2999-12-31'), noInvalidDate: true }),
      (d) => {
        const s = d.toISOString();
        expect(parseTime(s)).toBe(Date.parse(s));
        expect(parseTime(s.replace(/\.\d{3}Z$/, 'Z'))).toBe(Date.parse(s.replace(/\.\d{3}Z$/, 'Z')));
      },
    ),
    { seed: Number(process.env.PODSTATE_SEED ?? 42), numRuns: 2000 },
  );
  for (const s of [
    '2026-02-31T00:00:00.000Z',
    '2026-01-01T00:00:00+02:00',
    '2026-01-01T00:00:00.123456Z',
    'nonsense',
    '2026-13-01T00:00:00Z',
  ]) {
    expect(Object.is(parseTime(s), Date.parse(s)), s).toBe(true);
  }
});

it('February 29 of a common year among years 0001-0099 is not a real date: it reads as Date.parse reads it (year 1, rolled over to March 1), not as Date.UTC would (1901)', () => {
  for (const s of ['0001-02-29T00:00:00.000Z', '0003-02-29T12:00:00Z', '0099-02-29T00:00:00.000Z']) {
    expect(parseTime(s), s).toBe(Date.parse(s));
    expect(new Date(parseTime(s)).getUTCFullYear(), s).toBe(Number(s.slice(0, 4)));
  }
});
