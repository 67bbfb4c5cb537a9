import { createEngine, restoreEngine, snapshotEngine } from '@podstate/core';
import type { Trace, Violation } from '@podstate/core/testing';
import { sameJSON } from './sameJSON.js';

/**
 * I1 with the verdicts of core's `checkI1` (same violations, same messages): replaying the
 * trace's events gives the same outcome and Pod state at every step and the same final state,
 * and the trace's snapshot plus the tail gives it too. Faster: Pod states are compared with
 * {@link sameJSON} instead of two canonicalJSON strings per step (and the final states likewise),
 * which dominated exploration.
 */
export function checkI1Fast(trace: Trace): Violation[] {
  const out: Violation[] = [];
  const engine = createEngine({ profile: trace.profile });
  trace.steps.forEach((s, i) => {
    const r = engine.apply(s.event);
    if (r.ok !== s.ok)
      out.push({
        invariant: 'I1',
        step: i,
        message: `replay ${r.ok ? 'accepted' : 'refused'} ${s.event.type}; the trace ${s.ok ? 'accepted' : 'refused'} it`,
      });
    else if (
      s.ok &&
      s.uid !== undefined &&
      !sameJSON(engine.pods.get(s.uid) ?? null, s.after?.value === 'removed' ? null : (s.after ?? null))
    ) {
      out.push({
        invariant: 'I1',
        step: i,
        message: `replay gives another state for Pod ${s.uid} after ${s.event.type}`,
      });
    }
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
