import { parseTime } from '../engine/parseTime.js';

const LEAP = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * parseTime of the JSON string bytes `buf[start, end)` (an event's `time`, quotes excluded),
 * read from the digits without making a string for the log's own form (`2026-01-01T00:00:05.123Z`);
 * any other form goes through parseTime itself, so the value is always parseTime's. Pure.
 * @internal
 */
export function timeOfBytes(buf: Uint8Array, start: number, end: number): number {
  if (end - start === 24 && buf[start + 23] === 0x5a && buf[start + 10] === 0x54) {
    let ok =
      buf[start + 4] === 0x2d &&
      buf[start + 7] === 0x2d &&
      buf[start + 13] === 0x3a &&
      buf[start + 16] === 0x3a &&
      buf[start + 19] === 0x2e;
    const d = (i: number) => {
      const c = buf[start + i]! - 48;
      if (c < 0 || c > 9) ok = false;
      return c;
    };
    const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3);
    const month = d(5) * 10 + d(6);
    const day = d(8) * 10 + d(9);
    const hour = d(11) * 10 + d(12);
    const minute = d(14) * 10 + d(15);
    const second = d(17) * 10 + d(18);
    const ms = d(20) * 100 + d(21) * 10 + d(22);
    if (ok && month >= 1 && month <= 12 && day >= 1 && hour < 24 && minute < 60 && second < 60) {
      const days = month === 2 && LEAP(year) ? 29 : DAYS[month - 1]!;
      if (day <= days) return Date.UTC(year, month - 1, day, hour, minute, second, ms);
    }
  }
  return parseTime(Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString('utf8'));
}
