import { createEngine } from '@podstate/core';
import {
  InvariantStream,
  invariantCheckers,
  recordTrace,
  StreamRecorder,
  type Trace,
  type Violation,
} from '@podstate/core/invariants';
import { checkProjectedPods, ProjectedPodsChecker } from '@podstate/projections';
import fc from 'fast-check';
import type { Canary } from './canary.js';
import { dropSteps } from './dropSteps.js';
import {
  cachedStart,
  drivePlan,
  type ExploredLifecycle,
  type ExplorePlan,
  generateLifecycle,
  snapshotIndex,
} from './generateLifecycle.js';
import type { ExploreInput } from './readExploreInputs.js';

/** How to explore: how many lifecycles, from which seed, how long each, and an optional canary. */
export interface ExploreOptions {
  runs: number;
  seed: number;
  /** Most steps (events after the starting objects) per lifecycle. */
  maxEvents: number;
  canary?: Canary;
  /** Called once per lifecycle explored (not per shrink attempt), for a progress bar. */
  onLifecycle?: () => void;
}

/** A violated invariant, shrunk: the minimal lifecycle and its first violation. */
export interface Counterexample {
  lifecycle: ExploredLifecycle;
  violation: Violation;
  /** Every violation of the shrunk lifecycle (the first one is `violation`). */
  violations: Violation[];
  /** Which lifecycle (1-based) first failed, and its length before shrinking. */
  foundAt: number;
  originalEvents: number;
  shrinks: number;
}

/** What an exploration did. */
export interface ExploreResult {
  lifecycles: number;
  events: number;
  /** Time spent generating and checking the lifecycles (shrinking not included). */
  seconds: number;
  seed: number;
  counterexample?: Counterexample;
}

type Checker = (trace: Trace) => Violation[];

/** The checkers an exploration runs: core's I1–I11, I13, I14, I16, I17, the projected I2, I4 and I5 (the Pod objects' phase, Initialized, Ready and ContainersReady) and, when given, the canary. */
export function checkersFor(canary?: Canary): Checker[] {
  const core: Record<string, Checker> = { ...invariantCheckers };
  return [...Object.values(core), checkProjectedPods, ...(canary ? [canary.check] : [])];
}

/** The plans of {@link generateLifecycle}: any Pod of the input, either profile, up to `maxEvents` steps. */
export function explorePlanArbitrary(input: ExploreInput, maxEvents: number): fc.Arbitrary<ExplorePlan> {
  return fc.record({
    pod: fc.nat({ max: input.pods.length - 1 }),
    profile: fc.constantFrom('current' as const, 'legacy' as const),
    cacheNeverImages: fc.boolean(),
    choices: fc.array(fc.nat({ max: 9999 }), { maxLength: maxEvents, size: 'max' }),
  });
}

const firstOf = (vs: Violation[]) => [...vs].sort((a, b) => a.step - b.step)[0];

/**
 * Generates the lifecycle of a plan and checks every invariant as it goes, in one pass: the
 * generator's engine applies each event once, an InvariantStream checks each step (its I1 replay
 * also feeds the projected checks and answers I17), nothing is kept. Same verdict as the batch
 * checkers on generateLifecycle(plan).trace.
 */
export function checkPlan(
  input: ExploreInput,
  plan: ExplorePlan,
  canary?: Canary,
): { events: number; violations: Violation[] } {
  const { start, changes } = cachedStart(input, plan);
  // Every event comes from validated manifests or from the engine's own enabled events.
  const engine = createEngine({ profile: plan.profile, trusted: true });
  const stream = new InvariantStream({ profile: plan.profile, trusted: true, keep: 1 });
  stream.add('projected', new ProjectedPodsChecker(plan.profile, stream.replay));
  if (canary) stream.add(`canary ${canary.name}`, canary.stepChecker());
  const recorder = new StreamRecorder(engine, stream, snapshotIndex(start, plan));
  drivePlan(input, plan, start, engine, (e, refusal) => recorder.record(e, refusal), changes);
  return { events: recorder.events, violations: recorder.finish() };
}

/**
 * Generates `runs` lifecycles with fast-check from `seed`, checks every invariant on each as it
 * is generated (checkPlan: one pass, nothing kept), and on a violation lets fast-check shrink the
 * plan, then rebuilds the shrunk lifecycle with its trace (generateLifecycle, the batch checkers)
 * and cuts it just after the first violation, then drops the steps it does not need (dropSteps).
 * Deterministic for a seed, except `seconds`.
 */
export function explore(input: ExploreInput, options: ExploreOptions): ExploreResult {
  const checkers = checkersFor(options.canary);
  const violationsOf = (trace: Trace) => checkers.flatMap((check) => check(trace));
  let lifecycles = 0;
  let events = 0;
  let found: { at: number; events: number; seconds: number } | undefined;
  const start = performance.now();
  const property = fc.property(explorePlanArbitrary(input, options.maxEvents), (plan) => {
    const r = checkPlan(input, plan, options.canary);
    const ok = r.violations.length === 0;
    if (found === undefined) {
      lifecycles++;
      events += r.events;
      options.onLifecycle?.();
      if (!ok) found = { at: lifecycles, events: r.events, seconds: (performance.now() - start) / 1000 };
    }
    return ok;
  });
  const details = fc.check(property, { numRuns: options.runs, seed: options.seed });
  const seconds = found?.seconds ?? (performance.now() - start) / 1000;
  const result: ExploreResult = { lifecycles, events, seconds, seed: options.seed };
  if (!details.failed) return result;
  if (details.counterexample === null || found === undefined) {
    // The predicate threw: that is an engine or generator bug, not an invariant violation.
    const why =
      details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
    throw new Error(`exploration with seed ${options.seed} crashed: ${why}`);
  }
  const full = generateLifecycle(input, details.counterexample[0]);
  // Then on the events themselves: steps the violation does not need are dropped (dropSteps).
  const lifecycle = dropSteps(cutAfterFirstViolation(full, violationsOf), violationsOf);
  const violations = violationsOf(lifecycle.trace);
  if (violations.length === 0)
    throw new Error(
      `exploration with seed ${options.seed}: the streaming check found a violation the batch checkers do not (a podstate bug)`,
    );
  return {
    ...result,
    counterexample: {
      lifecycle,
      violation: firstOf(violations)!,
      violations,
      foundAt: found.at,
      originalEvents: found.events,
      shrinks: details.numShrinks,
    },
  };
}

/** Drops the events after the first violation when the shorter lifecycle still violates the same invariant there. */
function cutAfterFirstViolation(
  lc: ExploredLifecycle,
  violationsOf: (t: Trace) => Violation[],
): ExploredLifecycle {
  const first = firstOf(violationsOf(lc.trace))!;
  const keep = Math.max(first.step + 1, lc.setup);
  if (keep >= lc.events.length) return lc;
  const events = lc.events.slice(0, keep);
  const trace = recordTrace(events, lc.profile);
  const again = firstOf(violationsOf(trace));
  if (again?.invariant !== first.invariant || again.step !== first.step) return lc;
  return { ...lc, events, trace };
}
