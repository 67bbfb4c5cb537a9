import { createEngine, engineStateJSON, snapshotEngine } from '@podstate/core';
import { recordTrace } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

import { explorePlanArbitrary } from './explore.js';
import { generateLifecycle } from './generateLifecycle.js';
import { builtInInput } from './readExploreInputs.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20260101);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 200);
const input = builtInInput();

describe('generateLifecycle', () => {
  it('records the same trace as core recordTrace over the same events (one pass instead of two)', () => {
    fc.assert(
      fc.property(explorePlanArbitrary(input, 120), (plan) => {
        const lc = generateLifecycle(input, plan);
        const ref = recordTrace(lc.events, lc.profile, lc.trace.snapshot!.index);
        expect(lc.trace.final).toBe(ref.final);
        expect(lc.trace.snapshot).toEqual(ref.snapshot);
        lc.trace.steps.forEach((s, i) => {
          const r = ref.steps[i]!;
          expect({ ok: s.ok, code: s.code, rejection: s.rejection, uid: s.uid }).toEqual({
            ok: r.ok,
            code: r.code,
            rejection: r.rejection,
            uid: r.uid,
          });
          expect(s.after).toEqual(r.after);
          if (!s.ok) expect(s.stateBefore === s.stateAfter).toBe(r.stateBefore === r.stateAfter);
        });
      }),
      { seed, numRuns },
    );
  });

  it('stays within --max-events, starts from the objects, and refuses only the deliberately illegal facts', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), explorePlanArbitrary(input, 40), (max, plan) => {
        const lc = generateLifecycle(input, { ...plan, choices: plan.choices.slice(0, max) });
        expect(lc.events.length - lc.setup).toBeLessThanOrEqual(max);
        expect(lc.events.slice(0, lc.setup).map((e) => e.time)).toEqual(
          lc.objects.map(() => '2026-01-01T00:00:00.000Z'),
        );
        for (const [i, s] of lc.trace.steps.entries()) {
          const illegal =
            ['pod.removed', 'pod.sandbox.ready'].includes(s.event.type) ||
            s.event.type.startsWith('container.');
          if (!s.ok) expect(illegal, `step ${i}: ${s.rejection}`).toBe(true);
        }
      }),
      { seed, numRuns },
    );
  });

  it('engineStateJSON is snapshotEngine serialised (a new engine field would show here first)', () => {
    fc.assert(
      fc.property(explorePlanArbitrary(input, 60), (plan) => {
        const lc = generateLifecycle(input, plan);
        const engine = createEngine({ profile: lc.profile });
        for (const e of lc.events) {
          engine.apply(e);
          expect(JSON.parse(engineStateJSON(engine))).toEqual(snapshotEngine(engine));
        }
      }),
      { seed, numRuns: Math.ceil(numRuns / 4) },
    );
  });

  it('the same plan gives the same lifecycle (I1 for the generator)', () => {
    const [plan] = fc.sample(explorePlanArbitrary(input, 120), { seed, numRuns: 1 });
    expect(generateLifecycle(input, plan!).events).toEqual(generateLifecycle(input, plan!).events);
  });

  it('cacheNeverImages puts the never-pull image on the first node only for a Pod that needs it', () => {
    const never = input.pods.findIndex((p) => p.metadata.name === 'never-pull');
    const lc = generateLifecycle(input, {
      pod: never,
      profile: 'current',
      cacheNeverImages: true,
      choices: [],
    });
    expect(lc.events[0]!.data.images).toEqual(['busybox:1.36', 'envoy:1.30', 'registry.local/app:1.0']);
    const plain = generateLifecycle(input, {
      pod: 0,
      profile: 'current',
      cacheNeverImages: true,
      choices: [],
    });
    expect(plain.events[0]!.data.images).toEqual(['busybox:1.36', 'envoy:1.30']);
  });
});
