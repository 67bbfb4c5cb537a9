import { describe, expect, it } from 'vitest';
import { goDuration } from './goDuration.js';
import { humanDuration, shortHumanDuration } from './humanDuration.js';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const ns = 1e-6;

describe('TestHumanDuration (apimachinery duration_test.go)', () => {
  it.each([
    [s, '1s'],
    [70 * s, '70s'],
    [190 * s, '3m10s'],
    [70 * m, '70m'],
    [47 * h, '47h'],
    [49 * h, '2d1h'],
    [(8 * 24 + 2) * h, '8d'],
    [367 * 24 * h, '367d'],
    [(365 * 2 * 24 + 25) * h, '2y1d'],
    [(365 * 8 * 24 + 2) * h, '8y'],
  ])('HumanDuration(%d ms) = %s', (d, want) => expect(humanDuration(d)).toBe(want));
});

describe('TestHumanDurationBoundaries (apimachinery duration_test.go)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-2 * s + ns, '0s'],
    [0, '0s'],
    [s - 1, '0s'],
    [2 * m - 1, '119s'],
    [2 * m, '2m'],
    [2 * m + s, '2m1s'],
    [10 * m - 1, '9m59s'],
    [10 * m, '10m'],
    [10 * m + s, '10m'],
    [3 * h - 1, '179m'],
    [3 * h, '3h'],
    [3 * h + m, '3h1m'],
    [8 * h - 1, '7h59m'],
    [8 * h, '8h'],
    [8 * h + 59 * m, '8h'],
    [2 * 24 * h - 1, '47h'],
    [2 * 24 * h, '2d'],
    [2 * 24 * h + h, '2d1h'],
    [8 * 24 * h - 1, '7d23h'],
    [8 * 24 * h, '8d'],
    [8 * 24 * h + 23 * h, '8d'],
    [2 * 365 * 24 * h - 1, '729d'],
    [2 * 365 * 24 * h, '2y'],
    [2 * 365 * 24 * h + 23 * h, '2y'],
    [2 * 365 * 24 * h + 23 * h + 59 * m, '2y'],
    [2 * 365 * 24 * h + 24 * h - 1, '2y'],
    [2 * 365 * 24 * h + 24 * h, '2y1d'],
    [3 * 365 * 24 * h, '3y'],
    [4 * 365 * 24 * h, '4y'],
    [5 * 365 * 24 * h, '5y'],
    [6 * 365 * 24 * h, '6y'],
    [7 * 365 * 24 * h, '7y'],
    [8 * 365 * 24 * h - 1, '7y364d'],
    [8 * 365 * 24 * h, '8y'],
    [8 * 365 * 24 * h + 364 * 24 * h, '8y'],
    [9 * 365 * 24 * h, '9y'],
  ])('HumanDuration(%d ms) = %s', (d, want) => expect(humanDuration(d)).toBe(want));
});

describe('TestShortHumanDurationBoundaries (apimachinery duration_test.go)', () => {
  it.each([
    [-2 * s, '<invalid>'],
    [-2 * s + ns, '0s'],
    [0, '0s'],
    [s - 1, '0s'],
    [s, '1s'],
    [2 * s - 1, '1s'],
    [m - 1, '59s'],
    [m, '1m'],
    [2 * m - 1, '1m'],
    [h - 1, '59m'],
    [h, '1h'],
    [2 * h - 1, '1h'],
    [24 * h - 1, '23h'],
    [24 * h, '1d'],
    [2 * 24 * h - 1, '1d'],
    [365 * 24 * h - 1, '364d'],
    [365 * 24 * h, '1y'],
    [2 * 365 * 24 * h - 1, '1y'],
    [2 * 365 * 24 * h, '2y'],
  ])('ShortHumanDuration(%d ms) = %s', (d, want) => expect(shortHumanDuration(d)).toBe(want));
});

describe('goDuration (Go time.Duration.String)', () => {
  it.each([
    [0, '0s'],
    [10 * s, '10s'],
    [20 * s, '20s'],
    [160 * s, '2m40s'],
    [300 * s, '5m0s'],
    [h, '1h0m0s'],
    [1500, '1.5s'],
    [250, '250ms'],
    [1.5e-3, '1.5µs'],
    [1e-6, '1ns'],
    [-90 * s, '-1m30s'],
    [(2 * 3600 + 3 * 60 + 4.05) * s, '2h3m4.05s'],
  ])('Duration.String(%d ms) = %s', (d, want) => expect(goDuration(d)).toBe(want));
});
