import { checkI1, type Trace } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkI1Fast } from './checkI1Fast.js';
import { explorePlanArbitrary } from './explore.js';
import { generateLifecycle } from './generateLifecycle.js';
import { builtInInput } from './readExploreInputs.js';
import { sameJSON } from './sameJSON.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20260101);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 100);
const input = builtInInput();

/** A trace whose recorded state after step `i` is not what the engine produced: I1 must see it. */
function tampered(trace: Trace): Trace | undefined {
  const i = trace.steps.findIndex((s) => s.ok && s.after !== undefined && s.after.value !== 'removed');
  if (i < 0) return undefined;
  const steps = [...trace.steps];
  const s = steps[i]!;
  steps[i] = { ...s, after: { ...s.after!, ctx: { ...s.after!.ctx, podIP: '192.0.2.99' } } };
  return { ...trace, steps, final: trace.final.replace('"seq"', '"seq_"') };
}

describe('checkI1Fast', () => {
  it('gives core checkI1 verdicts on generated traces, sound and tampered', () => {
    fc.assert(
      fc.property(explorePlanArbitrary(input, 120), (plan) => {
        const { trace } = generateLifecycle(input, plan);
        expect(checkI1Fast(trace)).toEqual(checkI1(trace));
        const bad = tampered(trace);
        if (bad) expect(checkI1Fast(bad)).toEqual(checkI1(bad));
      }),
      { seed, numRuns },
    );
  });

  it('catches a hand-made bad trace: a wrong recorded state and a wrong final state', () => {
    const { trace } = generateLifecycle(input, {
      pod: 0,
      profile: 'current',
      cacheNeverImages: false,
      choices: [0, 0, 0, 0],
    });
    expect(checkI1Fast(trace)).toEqual([]);
    const v = checkI1Fast(tampered(trace)!);
    expect(v.map((x) => x.message)).toEqual([
      expect.stringMatching(/^replay gives another state for Pod .* after /),
      'a full replay ends in another state',
      expect.stringMatching(/^snapshot at step \d+ plus the tail differs from a full replay$/),
    ]);
  });
});

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
