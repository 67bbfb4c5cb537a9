import { createEngine, createPodCtx, normalizePod, type PodState } from '@podstate/core';
import {
  ev,
  InvariantStream,
  invariantCheckers,
  builtInManifests as m,
  recordTrace,
  type Trace,
  type TraceStep,
  toEvents,
} from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

/** A running container whose startup probe passed (or it has none) and that is ready. */
const UP = 'running.up.startup.passed | running.up.readiness.ready' as const;

// Hand-made traces: Pod states are built and edited by hand, never produced by the engine's
// transitions, so each checker is shown to catch a broken engine.
const T0 = Date.UTC(2026, 0, 1);
type Slot = { value: string; restartCount?: number; runs?: number };

function pod(
  manifest: unknown,
  value: string,
  ctx: Record<string, unknown>,
  slots: Record<string, Slot> = {},
): PodState {
  const base = createPodCtx(normalizePod(manifest as never, 'u1'), 'u1', T0);
  const containers = base.containers.map((s) => {
    const o = slots[s.ctx.name];
    return o ? { value: o.value as never, ctx: { ...s.ctx, ...o, value: undefined } } : s;
  });
  return { value: value as never, ctx: { ...base, ...ctx, containers } };
}

function step(
  sec: number,
  type: string,
  data: Record<string, unknown>,
  before?: PodState,
  after?: PodState,
  stream = 'pod/u1',
): TraceStep {
  const time = T0 + sec * 1000;
  return {
    event: { stream, type, time: new Date(time).toISOString(), data },
    time,
    ok: true,
    uid: stream.startsWith('pod/') ? 'u1' : undefined,
    before,
    after,
  };
}

const trace = (...steps: TraceStep[]): Trace => ({ profile: 'current', steps, final: '' });
/** The same checker fed one step at a time through an InvariantStream, as `verify` and `explore` run it. */
function streamed(t: Trace, k: string) {
  const stream = new InvariantStream({ profile: t.profile });
  for (const s of t.steps) stream.step(s);
  return stream.finish(createEngine({ profile: t.profile })).filter((v) => v.invariant === k);
}
/** The violations' names; the streaming check must find exactly what the batch checker finds. */
const names = (t: Trace, k: keyof typeof invariantCheckers) => {
  const found = invariantCheckers[k](t);
  // I1's whole-run half compares final states, which a hand-made trace has no engine for.
  if (k !== 'I1') expect(streamed(t, k)).toEqual(found);
  return found.map((v) => v.invariant);
};

describe('each invariant checker catches a hand-made bad trace', () => {
  const sandboxed = pod(m.initChain, 'containers.running', {
    node: 'node-1',
    sandbox: 1,
    podIP: '10.244.0.5',
  });
  const ready = step(1, 'pod.sandbox.ready', { podIP: '10.244.0.5' }, undefined, sandboxed);

  it('I1: a trace whose final state or snapshot tail disagrees with a replay', () => {
    const good = recordTrace(toEvents([ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady()]));
    expect(invariantCheckers.I1(good)).toEqual([]);
    expect(names({ ...good, final: good.final.replace('"node-1"', '"node-9"') }, 'I1')).toContain('I1');
    const snap = structuredClone(good.snapshot!);
    snap.state.pods[0]!.ctx.name = 'tampered';
    expect(names({ ...good, snapshot: snap }, 'I1')).toContain('I1');
  });

  it('I1: a step whose Pod state differs from the replay (a container field, the manifest) after equal steps', () => {
    const good = recordTrace(toEvents([ev.podCreated(m.sidecars), ev.scheduled(), ev.sandboxReady()]));
    expect(invariantCheckers.I1(good)).toEqual([]);
    // The last step's state, edited: the manifest and container specs were equal on every earlier
    // step (PodStateComparer remembers those pairs), yet a change in either is still seen.
    const last = good.steps.length - 1;
    const edit = (f: (p: PodState) => PodState) => ({
      ...good,
      steps: good.steps.map((s, i) => (i === last ? { ...s, after: f(s.after!) } : s)),
    });
    const bad = (t: Trace) => invariantCheckers.I1(t).filter((v) => v.step === last);
    const slot0 = (p: PodState, ctx: Record<string, unknown>) => ({
      ...p,
      ctx: {
        ...p.ctx,
        containers: p.ctx.containers.map((c, i) => (i === 0 ? { ...c, ctx: { ...c.ctx, ...ctx } } : c)),
      },
    });
    expect(bad(edit((p) => slot0(p, { restartCount: 7 })))).toHaveLength(1);
    expect(
      bad(edit((p) => slot0(p, { spec: { ...p.ctx.containers[0]!.ctx.spec, image: 'x:1' } }))),
    ).toHaveLength(1);
    expect(
      bad(
        edit((p) => ({
          ...p,
          ctx: { ...p.ctx, pod: { ...p.ctx.pod, spec: { ...p.ctx.pod.spec, hostname: 'h' } } },
        })),
      ),
    ).toHaveLength(1);
    expect(bad(edit((p) => ({ ...p, ctx: { ...p.ctx, extra: 1 } as never })))).toHaveLength(1);
    expect(bad(edit((p) => structuredClone(p)))).toEqual([]);
  });

  it('I2: a container starting after the Pod Failed', () => {
    const failed = pod(m.plain, 'finished.failed', { terminalPhase: 'Failed' });
    const revived = pod(m.plain, 'containers.running', {}, { app: { value: UP } });
    expect(names(trace(step(1, 'container.started', { container: 'app' }, failed, revived)), 'I2')).toEqual([
      'I2',
      'I2',
    ]);
  });

  it('I3: an app container starting before the init containers completed', () => {
    const bad = pod(
      m.initChain,
      'containers.running',
      { node: 'node-1', sandbox: 1, podIP: '10.244.0.5', initialized: true },
      { app: { value: UP } },
    );
    expect(
      names(trace(ready, step(2, 'container.started', { container: 'app' }, sandboxed, bad)), 'I3'),
    ).toEqual(['I3', 'I3']);
    const both = pod(m.initChain, 'containers.running', {}, { setup: { value: UP }, migrate: { value: UP } });
    expect(
      names(trace(ready, step(2, 'container.started', { container: 'migrate' }, sandboxed, both)), 'I3'),
    ).toContain('I3');
  });

  it('I4: initialized without an app container having started', () => {
    const bad = pod(m.initChain, 'containers.running', { podIP: '10.244.0.5', initialized: true });
    expect(
      names(
        trace(
          ready,
          step(2, 'pod.readiness-gate.changed', { conditionType: 'x', status: 'True' }, sandboxed, bad),
        ),
        'I4',
      ),
    ).toContain('I4');
  });

  it('I5: ready before its startup probe passed, and readiness before successThreshold', () => {
    // started and ready are the chart's regions now: a terminated value cannot say ready, but a
    // readiness region `ready` under a pending startup probe can be written by a broken engine.
    const bad = pod(
      m.sidecars,
      'containers.running',
      {},
      { app: { value: 'running.up.startup.pending | running.up.readiness.ready' } },
    );
    expect(names(trace(step(1, 'container.started', { container: 'app' }, undefined, bad)), 'I5')).toContain(
      'I5',
    );
    const up = pod(
      m.sidecars,
      'containers.running',
      {},
      {
        app: { value: 'running.up.startup.passed | running.up.readiness.notReady' },
      },
    );
    const early = pod(m.sidecars, 'containers.running', {}, { app: { value: UP } });
    const steps = trace(
      step(1, 'container.started', { container: 'app' }, undefined, up),
      step(2, 'container.probe.succeeded', { container: 'app', probe: 'readiness' }, up, early),
    );
    expect(names(steps, 'I5')).toEqual(['I5']);
  });

  it('I6: restartCount going down, and an app restart under Never', () => {
    const one = pod(m.plain, 'containers.running', {}, { app: { value: UP, restartCount: 1 } });
    const zero = pod(m.plain, 'containers.running', {}, { app: { value: UP, restartCount: 0 } });
    expect(
      names(
        trace(step(1, 'container.probe.succeeded', { container: 'app', probe: 'liveness' }, one, zero)),
        'I6',
      ),
    ).toEqual(['I6']);
    const never = { ...m.plain, spec: { ...m.plain.spec, restartPolicy: 'Never' } };
    const before = pod(never, 'containers.running', {}, { app: { value: 'terminated.exited', runs: 1 } });
    const after = pod(never, 'containers.running', {}, { app: { value: UP, runs: 2, restartCount: 1 } });
    // One start in the trace: restartCount 1 is also one more than its earlier runs.
    expect(
      invariantCheckers
        .I6(trace(step(1, 'container.started', { container: 'app' }, before, after)))
        .map((v) => v.message),
    ).toEqual([
      'container "app": restartCount 0 → 1 on container.started; it started 1 time(s)',
      'container "app": restarted under restartPolicy Never',
    ]);
  });

  it('I7: a second restart 5 s after finishing, inside the 10 s back-off', () => {
    const up = pod(m.plain, 'containers.running', {}, { app: { value: UP } });
    const down = pod(m.plain, 'containers.running', {}, { app: { value: 'terminated.exited' } });
    const steps = trace(
      step(1, 'container.started', { container: 'app' }, undefined, up),
      step(2, 'container.exited', { container: 'app', exitCode: 1 }, up, down),
      step(2, 'container.started', { container: 'app' }, down, up),
      step(3, 'container.exited', { container: 'app', exitCode: 1 }, up, down),
      step(8, 'container.started', { container: 'app' }, down, up),
    );
    expect(invariantCheckers.I7(steps).map((v) => v.step)).toEqual([4]);
  });

  it('I8: the Pod IP changing while the sandbox lives', () => {
    const moved = pod(m.initChain, 'containers.running', { podIP: '10.244.9.9' });
    expect(
      names(trace(ready, step(2, 'container.started', { container: 'setup' }, sandboxed, moved)), 'I8'),
    ).toEqual(['I8']);
  });

  it('I9: binding to a node without the selected label', () => {
    const node = step(
      0,
      'node.registered',
      { labels: { disktype: 'hdd' } },
      undefined,
      undefined,
      'node/node-1',
    );
    const bound = pod(m.gated, 'sandbox.creating', { node: 'node-1' });
    expect(names(trace(node, step(1, 'pod.scheduled', { node: 'node-1' }, undefined, bound)), 'I9')).toEqual([
      'I9',
    ]);
  });

  it('I10: imagePullPolicy Never starting without the image on the node', () => {
    const node = step(0, 'node.registered', { labels: {} }, undefined, undefined, 'node/node-1');
    const up = pod(m.neverPull, 'containers.running', { node: 'node-1' }, { app: { value: UP } });
    expect(
      names(trace(node, step(1, 'container.started', { container: 'app' }, undefined, up)), 'I10'),
    ).toEqual(['I10']);
  });

  it('I11: starting while a referenced Secret is missing', () => {
    const cm = step(
      0,
      'configmap.applied',
      { namespace: 'default', name: 'app-config', data: { key: 'v' } },
      undefined,
      undefined,
      'configmap/default/app-config',
    );
    const up = pod(m.secrets, 'containers.running', { node: 'node-1' }, { app: { value: UP } });
    const found = invariantCheckers.I11(
      trace(cm, step(1, 'container.started', { container: 'app' }, undefined, up)),
    );
    expect(found.map((v) => v.message)).toEqual([
      '"app" started while secret/db-creds lacks secret/db-creds',
    ]);
  });

  it('I13: a rejected event that changed the state', () => {
    const s: TraceStep = {
      ...step(1, 'container.started', { container: 'app' }),
      ok: false,
      rejection: 'no',
      stateBefore: '{"a":1}',
      stateAfter: '{"a":2}',
    };
    expect(names(trace(s), 'I13')).toEqual(['I13']);
  });

  it('I14: a sidecar stopping while an app container still runs, and removal before a terminal phase', () => {
    const deletion = {
      requestedAt: T0,
      gracePeriodSeconds: 30,
      deadline: T0 + 30_000,
      killDeadline: T0 + 30_000,
    };
    const before = pod(
      m.sidecars,
      'terminating.stoppingContainers',
      { deletion, node: 'node-1' },
      { logger: { value: UP }, app: { value: UP } },
    );
    const after = pod(
      m.sidecars,
      'terminating.stoppingContainers',
      { deletion, node: 'node-1' },
      { logger: { value: 'terminated.exited' }, app: { value: UP } },
    );
    expect(
      names(trace(step(1, 'container.exited', { container: 'logger', exitCode: 0 }, before, after)), 'I14'),
    ).toEqual(['I14']);
    const removed = pod(m.sidecars, 'removed', { deletion, node: 'node-1' });
    expect(names(trace(step(2, 'pod.removed', {}, before, removed)), 'I14')).toEqual(['I14']);
  });

  it('every checker is silent on a sound engine trace', () => {
    const sound = recordTrace(
      toEvents([
        ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
        ev.podCreated(m.plain),
        ev.scheduled(),
        ev.sandboxReady(),
        ev.started('app'),
        ev.exited('app', 1),
        ev.started('app'),
      ]),
    );
    for (const check of Object.values(invariantCheckers)) expect(check(sound)).toEqual([]);
  });
});
