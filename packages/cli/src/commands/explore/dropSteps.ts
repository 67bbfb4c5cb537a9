import { recordTrace, type Trace, type Violation } from '@podstate/core/invariants';
import type { ExploredLifecycle } from './generateLifecycle.js';

const firstOf = (vs: Violation[]) => [...vs].sort((a, b) => a.step - b.step)[0];

/**
 * Shrinks a counterexample further on its events, after fast-check has shrunk its plan: drops
 * one step (an event after the starting objects) at a time, keeping the drop when the first
 * violation is still of the same invariant, and cuts the events after it, until no single step
 * can go. Shrinking the plan alone gets stuck where removing a choice changes what every later
 * choice means; the events carry their own times, so a clock advance, a passing probe or a pull
 * that the violation does not need can go without shifting the rest (issue 17: counterexamples of
 * at most 10 events). Deterministic; a few hundred trace checks for a 20-step counterexample.
 */
export function dropSteps(lc: ExploredLifecycle, violationsOf: (t: Trace) => Violation[]): ExploredLifecycle {
  const first = firstOf(violationsOf(lc.trace));
  if (first === undefined) return lc;
  let events = lc.events.slice(0, Math.max(first.step + 1, lc.setup));
  let trace = events.length === lc.events.length ? lc.trace : recordTrace(events, lc.profile);
  let dropped = true;
  while (dropped) {
    dropped = false;
    for (let i = events.length - 1; i >= lc.setup; i--) {
      if (i >= events.length) continue;
      const candidate = [...events.slice(0, i), ...events.slice(i + 1)];
      const v = firstOf(violationsOf(recordTrace(candidate, lc.profile)));
      if (v?.invariant !== first.invariant) continue;
      events = candidate.slice(0, Math.max(v.step + 1, lc.setup));
      dropped = true;
    }
  }
  if (events.length !== lc.events.length) trace = recordTrace(events, lc.profile);
  return { ...lc, events, trace };
}
