import { createEngine, type PodState } from '@podstate/core';
import {
  buildLifecycle,
  checkInvariants,
  ev,
  InvariantStream,
  LogInvariantCheck,
  lifecyclePlanArbitrary,
  builtInManifests as m,
  recordTrace,
  type Step,
  StreamRecorder,
  sameEngineState,
  toEvents,
} from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

// The streaming check (`podstate verify`, `podstate explore`): every invariant checked as the steps
// come, nothing kept but per-live-Pod memory. invariantCheckers.test.ts and valueInvariants.test.ts
// show it catches each checker's hand-made bad trace; these cover I1's whole-run half and memory.

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const on = (uid: string, step: Step): Step => ({ ...step, stream: `pod/${uid}` });

/** Two Pods that run, are deleted and removed, then a third that stays. */
const churnSteps: Step[] = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m.plain, 'u1'),
  ev.podCreated({ ...m.plain, metadata: { name: 'other', namespace: 'default' } }, 'u2'),
  ...['u1', 'u2'].flatMap((u) => [on(u, ev.scheduled()), on(u, ev.sandboxReady()), on(u, ev.started('app'))]),
  ...['u1', 'u2'].flatMap((u) => [on(u, ev.deletion(1)), on(u, ev.exited('app', 0)), on(u, ev.removed())]),
  ev.podCreated({ ...m.plain, metadata: { name: 'third', namespace: 'default' } }, 'u3'),
];
const churn = toEvents(churnSteps);

describe('InvariantStream: every invariant checked step by step, memory bounded by the live Pods', () => {
  it('finds what the batch checkers find on generated lifecycles (fixed seed)', () => {
    for (const plan of fc.sample(lifecyclePlanArbitrary(), { seed, numRuns: 60 })) {
      const l = buildLifecycle(plan);
      const stream = new InvariantStream({ profile: l.profile });
      const engine = createEngine({ profile: l.profile });
      l.trace.steps.forEach((s, i) => {
        if (i === l.trace.snapshot?.index) stream.snapshot(engine);
        engine.apply(s.event);
        stream.step(s);
      });
      expect(stream.finish(engine)).toEqual(checkInvariants(l.trace));
    }
  });

  it('I1: a step whose Pod state differs from a replay is caught at that step', () => {
    const t = recordTrace(churn);
    const stream = new InvariantStream();
    t.steps.forEach((s, i) => {
      const after =
        i === 4 ? ({ ...s.after!, ctx: { ...s.after!.ctx, name: 'tampered' } } as PodState) : s.after;
      stream.step({ ...s, after });
    });
    const engine = createEngine();
    for (const e of churn) engine.apply(e);
    expect(stream.finish(engine).map((v) => [v.invariant, v.step])).toEqual([['I1', 4]]);
  });

  it('I1: a final state or a snapshot + tail that differs from the full run is caught', () => {
    const t = recordTrace(churn);
    const stream = new InvariantStream();
    const wrong = createEngine();
    wrong.apply(churn[0]!);
    t.steps.forEach((s, i) => {
      if (i === 3) stream.snapshot(wrong); // a snapshot of another state than the run's at step 3
      stream.step(s);
    });
    const messages = stream.finish(wrong).map((v) => v.message);
    expect(messages).toContain('a full replay ends in another state');
    expect(messages).toContain('snapshot at step 3 plus the tail differs from a full replay');
  });

  it('forgets a Pod once it is removed: memory follows the live Pods, not the log', () => {
    const check = new LogInvariantCheck();
    let most = 0;
    for (const e of churn) {
      expect(check.push(e)).toBe(true);
      most = Math.max(most, check.stream.pods);
    }
    expect(most).toBe(2);
    expect(check.stream.pods).toBe(1); // only u3 is alive
    expect(check.finish()).toEqual([]);
  });

  it('LogInvariantCheck stops at the first refused event and names it', () => {
    const check = new LogInvariantCheck();
    const events = toEvents([ev.podCreated(m.plain), ev.started('app'), ev.scheduled()]);
    expect(check.push(events[0]!)).toBe(true);
    expect(check.push(events[1]!)).toBe(false);
    expect(check.push(events[2]!)).toBe(false);
    expect(check.refused?.event.type).toBe('container.started');
    expect(check.stream.steps).toBe(1);
  });

  it("StreamRecorder judges a refused event against I1's replay (I13): a refusal that changes the engine is caught, a clean one is not", () => {
    // The engine under test changes the cluster when it refuses (a broken decide); the replay does not.
    const run = (broken: boolean) => {
      const engine = createEngine();
      if (broken) {
        const apply = engine.apply.bind(engine);
        engine.apply = (e) => {
          const r = apply(e);
          if (!r.ok) engine.env.registeredNodes++;
          return r;
        };
      }
      const stream = new InvariantStream();
      const recorder = new StreamRecorder(engine, stream, 99);
      const events = toEvents([ev.podCreated(m.plain), ev.started('app')]);
      recorder.record(events[0]!, undefined);
      recorder.record(events[1]!, 'container.started refused before scheduling');
      return recorder.finish().filter((v) => v.invariant === 'I13');
    };
    expect(run(false)).toEqual([]);
    expect(run(true)).toEqual([
      { invariant: 'I13', step: 1, message: 'rejected container.started changed the engine state' },
    ]);
  });

  it('sameEngineState: the JSON verdict, on equal engines built apart and on engines that differ in one place', () => {
    const build = (extra: Step[] = []) => {
      const e = createEngine();
      for (const x of toEvents([...churnSteps, ...extra])) e.apply(x);
      return e;
    };
    const a = build();
    expect(sameEngineState(a, build())).toBe(true);
    const differ: [string, (e: ReturnType<typeof build>) => void][] = [
      ['seq', (e) => e.seq++],
      ['time', (e) => (e.env.time += 1)],
      ['a node image', (e) => e.env.nodes.get('node-1')!.images.add('x:1')],
      ['a node label', (e) => (e.env.nodes.get('node-1')!.labels.zone = 'a')],
      ['a removed Pod', (e) => (e.removed.get('u1')!.removedAt += 1)],
      ['a Pod', (e) => e.pods.set('u3', { ...e.pods.get('u3')!, value: 'removed' as never })],
      ['a container', (e) => (e.pods.get('u3')!.ctx.containers[0]!.ctx.restartCount = 5)],
    ];
    for (const [what, change] of differ) {
      const b = build();
      change(b);
      expect(sameEngineState(a, b), what).toBe(false);
    }
    const secret = build([ev.secretApplied('s')]);
    expect(sameEngineState(secret, build([ev.secretApplied('s')]))).toBe(true);
    expect(sameEngineState(secret, build([ev.secretApplied('s', { key: 'b3RoZXI=' })]))).toBe(false);
  });
});
