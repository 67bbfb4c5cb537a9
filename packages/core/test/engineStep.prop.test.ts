import { createEngine, type Engine, type EventInput, type Transition } from '@podstate/core';
import { lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// Engine.step is apply for a replay loop that keeps no transition (the CLI's one-pass read folds
// the status from it): it must accept and refuse exactly what apply does, leave the engine in the
// same state, and hand out, for each accepted event, the transition apply returns (read before the
// next call: step reuses one object).

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Math.max(1, Math.floor(Number(process.env.PODSTATE_RUNS ?? 200) / 4));

type Step = (engine: Engine, e: EventInput) => Transition | undefined;

const realStep: Step = (engine, e) => engine.step(e);

/** Each event, then the same event again (often a no-op the memo answers, or a refusal). */
function withRepeats(events: readonly EventInput[]): EventInput[] {
  return events.flatMap((e) => [e, { ...e, data: { ...e.data } }]);
}

/** The first step at which `step` disagrees with apply, or undefined. */
function disagreement(
  events: readonly EventInput[],
  profile: 'current' | 'legacy',
  step: Step,
): string | undefined {
  const applied = createEngine({ profile });
  const stepped = createEngine({ profile });
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const r = applied.apply(e);
    const t = step(stepped, e);
    if (!r.ok) {
      if (t !== undefined) return `step ${i} ${e.type}: apply refused (${r.rejection.code}), step accepted`;
      continue;
    }
    if (t === undefined) return `step ${i} ${e.type}: apply accepted, step refused`;
    const a = r.transition;
    const same =
      t.event === a.event &&
      t.time === a.time &&
      t.uid === a.uid &&
      JSON.stringify(t.before) === JSON.stringify(a.before) &&
      JSON.stringify(t.after) === JSON.stringify(a.after) &&
      (t.before === t.after) === (a.before === a.after);
    if (!same) return `step ${i} ${e.type}: the transitions differ`;
  }
  if (JSON.stringify(applied.snapshot()) !== JSON.stringify(stepped.snapshot()))
    return 'the engines end apart';
  return undefined;
}

describe('Engine.step (the replay path without a result per event)', () => {
  it('accepts and refuses what apply does, with the same transitions and the same engine state', () => {
    fc.assert(
      fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => {
        const d = disagreement(withRepeats(l.events), l.profile, realStep);
        if (d !== undefined) throw new Error(d);
      }),
      { seed, numRuns },
    );
  });

  it('the comparison catches a step that hands out a stale transition or refuses what apply accepts', () => {
    const l = fc.sample(lifecycleArbitrary({ maxSteps: 80 }), { seed, numRuns: 1 })[0]!;
    const events = withRepeats(l.events);
    expect(disagreement(events, l.profile, realStep)).toBeUndefined();
    // Keeps the first transition's Pod states: stale as soon as a Pod changes.
    let first: Transition | undefined;
    const stale: Step = (engine, e) => {
      const t = engine.step(e);
      if (t === undefined) return t;
      if (t.after !== undefined) first ??= { ...t };
      return first === undefined ? t : { ...t, before: first.before, after: first.after };
    };
    expect(disagreement(events, l.profile, stale)).toMatch(/transitions differ/);
    // Refuses the first Pod creation.
    let refused = false;
    const refusesACreation: Step = (engine, e) => {
      if (refused || e.type !== 'pod.created') return engine.step(e);
      refused = true;
      return undefined;
    };
    expect(disagreement(events, l.profile, refusesACreation)).toMatch(/apply accepted, step refused/);
  });
});
