import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isRfc3339Time, rfc3339TimeProblem } from './envelopeNames.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);

// The oracle: a time in range is one Date reads without rolling any field over, so the fields
// Date gives back (after removing the offset) are the ones written. Go's parseRFC3339 refuses
// every field out of its range instead of rolling it over.
function inRangeByDate(s: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,9})?(?:Z|([+-])(\d{2}):(\d{2}))$/.exec(
    s,
  );
  if (m === null) return false;
  const [, y, mo, d, h, mi, se, , oh, om] = m.map(Number) as number[];
  if (oh !== undefined && !Number.isNaN(oh) && (oh > 23 || (om as number) > 59)) return false;
  const date = new Date(0);
  date.setUTCFullYear(y as number, (mo as number) - 1, d as number);
  date.setUTCHours(h as number, mi as number, se as number, 0);
  return (
    date.getUTCFullYear() === y &&
    date.getUTCMonth() === (mo as number) - 1 &&
    date.getUTCDate() === d &&
    date.getUTCHours() === h &&
    date.getUTCMinutes() === mi &&
    date.getUTCSeconds() === se
  );
}

const two = (max: number) => fc.integer({ min: 0, max }).map((n) => String(n).padStart(2, '0'));
const generatedTime = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }).map((n) => String(n).padStart(4, '0')),
    month: two(14),
    day: two(33),
    hour: two(26),
    minute: two(61),
    second: two(61),
    frac: fc.constantFrom('', '.5', '.123', '.123456789'),
    zone: fc.oneof(
      fc.constant('Z'),
      fc.tuple(fc.constantFrom('+', '-'), two(25), two(61)).map(([s, h, m]) => `${s}${h}:${m}`),
    ),
  })
  .map((t) => `${t.year}-${t.month}-${t.day}T${t.hour}:${t.minute}:${t.second}${t.frac}${t.zone}`);

describe('event times are read as Kubernetes reads them: Go time.Parse(time.RFC3339) (parseRFC3339, via metav1.Time.UnmarshalJSON)', () => {
  it(`every field in range, nothing rolled over (generated times against Date's round trip; seed ${seed})`, () => {
    fc.assert(
      fc.property(generatedTime, (s) => {
        expect(isRfc3339Time(s), s).toBe(inRangeByDate(s));
      }),
      { seed, numRuns: 20_000 },
    );
  });

  it('31 February, 29 February of a year that is not leap, month 13, hour 24, second 60 and an offset hour 24 are refused, each naming the field', () => {
    expect(rfc3339TimeProblem('2026-02-31T00:00:00Z')).toBe('day 31 is not 01–28 in 2026-02');
    expect(rfc3339TimeProblem('2100-02-29T00:00:00Z')).toBe('day 29 is not 01–28 in 2100-02');
    expect(rfc3339TimeProblem('2026-13-01T00:00:00Z')).toBe('month 13 is not 01–12');
    expect(rfc3339TimeProblem('2026-00-10T00:00:00Z')).toBe('month 00 is not 01–12');
    expect(rfc3339TimeProblem('2026-04-00T00:00:00Z')).toBe('day 00 is not 01–30 in 2026-04');
    expect(rfc3339TimeProblem('2026-01-01T24:00:00Z')).toBe('hour 24 is not 00–23');
    expect(rfc3339TimeProblem('2026-01-01T00:60:00Z')).toBe('minute 60 is not 00–59');
    expect(rfc3339TimeProblem('2026-01-01T00:00:60Z')).toBe('second 60 is not 00–59');
    expect(rfc3339TimeProblem('2026-01-01T00:00:00+24:00')).toBe('offset hour 24 is not 00–23');
    expect(rfc3339TimeProblem('2026-01-01T00:00:00-05:60')).toBe('offset minute 60 is not 00–59');
    expect(rfc3339TimeProblem('2026-1-01T00:00:00Z')).toMatch(/does not have the shape/);
  });

  it('the last day of each month, 29 February of leap years (2024, 2000, 0000) and offsets are accepted', () => {
    for (const s of [
      '2026-01-31T23:59:59.999Z',
      '2026-04-30T00:00:00Z',
      '2024-02-29T12:00:00Z',
      '2000-02-29T00:00:00Z',
      '0000-02-29T00:00:00Z',
      '2026-12-31T23:59:59+23:59',
      '2026-06-15T08:30:00.123456789-07:00',
    ])
      expect(rfc3339TimeProblem(s), s).toBeUndefined();
  });

  it('the oracle tells the two apart: it refuses a rolled-over date the pattern alone lets through', () => {
    expect(inRangeByDate('2026-02-31T00:00:00Z')).toBe(false);
    expect(inRangeByDate('2026-02-28T00:00:00Z')).toBe(true);
    expect(Number.isNaN(Date.parse('2026-02-31T00:00:00Z'))).toBe(false);
  });
});
