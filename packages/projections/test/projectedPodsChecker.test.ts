// The projected invariants (I2, I4, I5 on the Pod objects a user reads) fed step by step, as
// `explore` feeds them from its replay (ProjectedPodsChecker with a ReplaySource) and `run` checks a
// whole trace (checkProjectedPods); and the status fold's checkpoint (snapshot/restore).
import { type ApplyResult, createEngine, type Engine, type EventInput } from '@podstate/core';
import { recordTrace, type Violation } from '@podstate/core/invariants';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import {
  checkProjectedPods,
  foldEvent,
  ProjectedPodsChecker,
  type ReplaySource,
  StatusProjection,
} from '@podstate/projections';
import { describe, expect, it } from 'vitest';

const never = { ...m.plain, spec: { ...m.plain.spec, restartPolicy: 'Never' } };
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const upTo = (manifest: object): Step[] => [
  node,
  ev.podCreated(manifest),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('app'),
];
/** A Never Pod that ran to Succeeded, then was deleted and removed. */
const succeededThenRemoved: Step[] = [...upTo(never), ev.exited('app', 0), ev.deletion(0), ev.removed()];

/** Applies every event to `engine`, keeping each result. */
function applyAll(engine: Engine, events: EventInput[]): ApplyResult[] {
  return events.map((e) => {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
    return r;
  });
}

describe('checkProjectedPods: I2, I4, I5 over the Pod objects of a whole trace (podstate run)', () => {
  it('a lifecycle the engine accepted shows no projected violation, whatever the profile', () => {
    const events = toEvents(succeededThenRemoved);
    expect(checkProjectedPods(recordTrace(events))).toEqual([]);
    expect(checkProjectedPods(recordTrace(events, 'legacy'))).toEqual([]);
  });
});

describe('ProjectedPodsChecker: the projected invariants step by step (explore)', () => {
  it('on its own engine: follows each live Pod, forgets a removed one, skips refused and cluster events', () => {
    const checker = new ProjectedPodsChecker('current');
    const trace = recordTrace(toEvents([...upTo(never), ev.exited('app', 0), ev.started('app')]));
    const out: Violation[] = [];
    const live: number[] = [];
    trace.steps.forEach((s, i) => {
      checker.step(s, i, out);
      live.push(checker.pods);
    });
    // node.registered is a cluster event (no Pod); the Pod is followed from pod.created on; the
    // last step (a start of a finished Pod) was refused and changes nothing.
    expect(trace.steps.map((s) => s.ok)).toEqual([true, true, true, true, true, true, false]);
    expect(live).toEqual([0, 1, 1, 1, 1, 1, 1]);
    expect(out).toEqual([]);
    const removal = recordTrace(toEvents(succeededThenRemoved));
    const after = new ProjectedPodsChecker('current');
    removal.steps.forEach((s, i) => {
      after.step(s, i, out);
    });
    expect(after.pods).toBe(0);
    expect(out).toEqual([]);
  });

  it('from a replay it reads (ReplaySource): a phase that leaves Succeeded is an I2 (projected) violation naming the step and the Pod', () => {
    // Two real engines stand for a replay gone wrong: the Pod Succeeded, then shows Running.
    const done = createEngine();
    const doneResults = applyAll(done, toEvents([...upTo(never), ev.exited('app', 0)]));
    const alive = createEngine();
    const aliveResults = applyAll(alive, toEvents(upTo(never)));
    const source: { engine: Engine; last: ApplyResult | undefined } = { engine: done, last: undefined };
    const checker = new ProjectedPodsChecker('current', source as ReplaySource);
    const trace = recordTrace(toEvents([...upTo(never), ev.exited('app', 0)]));
    const out: Violation[] = [];
    const feed = (engine: Engine, last: ApplyResult | undefined, i: number) => {
      source.engine = engine;
      source.last = last;
      checker.step(trace.steps[5]!, i, out);
    };
    feed(done, doneResults[5], 7);
    expect(out).toEqual([]);
    // A refused (or missing) result is skipped: no phase recorded, nothing checked.
    feed(alive, { ok: false } as ApplyResult, 8);
    feed(alive, undefined, 8);
    expect(out).toEqual([]);
    feed(alive, aliveResults[4], 9);
    expect(out).toEqual([
      {
        invariant: 'I2 (projected)',
        step: 9,
        message: 'Pod u1: phase Succeeded at #0 became Running at #1',
      },
    ]);
    expect(checker.pods).toBe(1);
  });
});

describe('StatusProjection.snapshot/restore: a checkpoint of the status fold', () => {
  it('a restored fold shows the same conditions, lastTransitionTime included, and goes on folding', () => {
    const steps: Step[] = [...upTo(m.plain), ev.wait(5), ev.exited('app', 1)];
    const events = toEvents(steps);
    const engine = createEngine();
    const projection = new StatusProjection();
    for (const e of events) expect(foldEvent(engine, e, [projection]).ok).toBe(true);
    const last = Date.parse(events[events.length - 1]!.time);
    const snapshot = projection.snapshot();
    expect(snapshot).toHaveLength(1);
    expect(snapshot[0]![0]).toBe('u1');
    const restored = StatusProjection.restore(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.get(engine, 'u1', last)).toEqual(projection.get(engine, 'u1', last));
    expect(restored.snapshot()).toEqual(snapshot);
    // The conditions changed at different times: the checkpoint keeps each one's time.
    const times = new Set(
      projection.get(engine, 'u1', last)!.status!.conditions!.map((c) => c.lastTransitionTime),
    );
    expect(times.size).toBeGreaterThan(1);
  });
});
