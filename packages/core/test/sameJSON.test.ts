import { sameJSON } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 200);

describe('sameJSON', () => {
  it('agrees with canonicalJSON equality, whatever the key order or undefined fields', () => {
    expect(sameJSON({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(sameJSON({ a: 1, u: undefined }, { a: 1 })).toBe(true);
    expect(sameJSON({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameJSON([1, 2], [2, 1])).toBe(false);
    expect(sameJSON(new Set([1, 2]), new Set([2, 1]))).toBe(true);
    expect(sameJSON({ s: new Set([1]) }, { s: new Set([2]) })).toBe(false);
    fc.assert(
      fc.property(fc.jsonValue(), fc.jsonValue(), (a, b) => {
        expect(sameJSON(a, b)).toBe(JSON.stringify(sortKeys(a)) === JSON.stringify(sortKeys(b)));
        expect(sameJSON(a, structuredClone(a))).toBe(true);
      }),
      { seed, numRuns },
    );
  });
});

function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v === null || typeof v !== 'object') return v;
  return Object.fromEntries(
    Object.keys(v)
      .sort()
      .map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]),
  );
}
