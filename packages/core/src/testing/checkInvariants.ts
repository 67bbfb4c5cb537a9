import { createEngine, type Engine } from '../engine/createEngine.js';
import type { NodeLostProfile } from '../engine/env.js';
import { restoreEngine, snapshotEngine } from '../engine/snapshot.js';
import type { ApplyResult } from '../engine/types.js';
import { checkI9, checkI10, checkI11, checkI13, checkI14 } from './clusterInvariants.js';
import type { StepChecker, Violation } from './invariantModel.js';
import { checkI2, checkI3, checkI4, checkI5, checkI6, checkI7, checkI8 } from './podInvariants.js';
import { PodStateComparer } from './podStateComparer.js';
import { sameJSON } from './sameJSON.js';
import type { Trace, TraceStep } from './trace.js';
import { checkI16, checkI17 } from './valueInvariants.js';

/**
 * I1: replaying the trace's events gives the same outcome and Pod state at every step and the same
 * final state, and restoring the trace's snapshot then applying the tail gives it too. States are
 * compared structurally (sameJSON), not as canonical strings: this checker runs on every explored
 * lifecycle.
 */
export function checkI1(trace: Trace): Violation[] {
  const out: Violation[] = [];
  const replay = new I1Checker(trace.profile);
  const engine = replay.engine;
  trace.steps.forEach((s, i) => {
    replay.step(s, i, out);
  });
  // trace.final is canonical JSON: parsed once, it is compared structurally like the Pod states.
  const final: unknown = JSON.parse(trace.final);
  if (!sameJSON(snapshotEngine(engine), final))
    out.push({ invariant: 'I1', step: trace.steps.length, message: 'a full replay ends in another state' });
  if (trace.snapshot !== undefined) {
    const restored = restoreEngine(JSON.parse(JSON.stringify(trace.snapshot.state)));
    for (const s of trace.steps.slice(trace.snapshot.index)) restored.apply(s.event);
    if (!sameJSON(snapshotEngine(restored), final)) {
      out.push({
        invariant: 'I1',
        step: trace.snapshot.index,
        message: `snapshot at step ${trace.snapshot.index} plus the tail differs from a full replay`,
      });
    }
  }
  return out;
}

/**
 * I1's per-step half, fed step by step: replays each step's event on an engine of its own and
 * compares the outcome and the Pod's state with the step. Its engine is then in the state just
 * after the step (the I17 checker may ask it). The final-state and snapshot comparisons need
 * the whole run: {@link checkI1} on a trace, `InvariantStream.finish` on a stream.
 */
export class I1Checker implements StepChecker {
  readonly engine: Engine;
  /** What the replay did with the last step's event (a projection may fold its transition). */
  last: ApplyResult | undefined;
  /** Compares the Pod states (and remembers manifest pairs found equal); InvariantStream.finish reuses it. */
  readonly comparer = new PodStateComparer();
  /** `trusted`: the events come from a checked source (EngineOptions.trusted). */
  constructor(profile: NodeLostProfile, trusted = false) {
    this.engine = createEngine({ profile, trusted });
  }
  get pods(): number {
    return this.engine.pods.size;
  }
  step(s: TraceStep, i: number, out: Violation[]): void {
    const r = this.engine.apply(s.event);
    this.last = r;
    if (r.ok !== s.ok)
      out.push({
        invariant: 'I1',
        step: i,
        message: `replay ${r.ok ? 'accepted' : 'refused'} ${s.event.type}; the trace ${s.ok ? 'accepted' : 'refused'} it`,
      });
    else if (
      s.ok &&
      s.uid !== undefined &&
      !this.comparer.same(
        this.engine.pods.get(s.uid) ?? null,
        s.after?.value === 'removed' ? null : (s.after ?? null),
      )
    ) {
      out.push({
        invariant: 'I1',
        step: i,
        message: `replay gives another state for Pod ${s.uid} after ${s.event.type}`,
      });
    }
  }
}

/** Every invariant checker by name (I12 and I15 belong to projections and the log). */
export const invariantCheckers = {
  I1: checkI1,
  I2: checkI2,
  I3: checkI3,
  I4: checkI4,
  I5: checkI5,
  I6: checkI6,
  I7: checkI7,
  I8: checkI8,
  I9: checkI9,
  I10: checkI10,
  I11: checkI11,
  I13: checkI13,
  I14: checkI14,
  I16: checkI16,
  I17: checkI17,
} satisfies Record<string, (t: Trace) => Violation[]>;

/** All violations of I1–I11, I13, I14, I16, I17 in a trace (empty when it is sound). Pure. */
export function checkInvariants(trace: Trace): Violation[] {
  return Object.values(invariantCheckers).flatMap((check) => check(trace));
}
