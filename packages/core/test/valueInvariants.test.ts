import { createEngine, type Engine, type EventInput, type PodState } from '@podstate/core';
import {
  ev,
  InvariantStream,
  invariantCheckers,
  progressViolations,
  recordTrace,
  type Step,
  type Trace,
  toEvents,
} from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

// Real engine traces, then one value edited by hand (the engine never produced it), so each
// checker is shown to catch a wrong value, a missing increment or an engine that refuses too much.
const IMAGES = ['nginx:1.25', 'busybox:1.36', 'envoy:1.30', 'fluent-bit:3.0'];
const pod = (name: string, restartPolicy: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { restartPolicy, ...spec },
});
const twoApps = (policy: string) =>
  pod('two', policy, {
    containers: [
      { name: 'a', image: 'nginx:1.25' },
      { name: 'b', image: 'busybox:1.36' },
    ],
  });
const withSidecar = pod('mesh', 'Always', {
  initContainers: [
    {
      name: 'proxy',
      image: 'envoy:1.30',
      restartPolicy: 'Always',
      startupProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
    },
  ],
  containers: [
    {
      name: 'app',
      image: 'nginx:1.25',
      readinessProbe: { httpGet: { path: '/', port: 80 }, successThreshold: 2, failureThreshold: 2 },
      livenessProbe: { httpGet: { path: '/', port: 80 }, failureThreshold: 2 },
    },
  ],
});

function traceOf(manifest: unknown, steps: Step[]): Trace {
  const events = toEvents([ev.nodeRegistered('node-1', {}, IMAGES), ev.podCreated(manifest), ...steps]);
  const t = recordTrace(events);
  const refused = t.steps.find((s) => !s.ok);
  if (refused) throw new Error(`setup refused ${refused.event.type}: ${refused.rejection}`);
  return t;
}
const last = (t: Trace) => t.steps.length - 1;

/** The trace with step `i`'s Pod state after it edited (a deep copy). */
function tamper(t: Trace, i: number, edit: (p: PodState) => void): Trace {
  const steps = t.steps.map((s, j) => {
    if (j !== i) return s;
    const after = structuredClone(s.after!);
    edit(after);
    return { ...s, after };
  });
  // Later steps' `before` is the edited state, as a broken engine would have it.
  if (i + 1 < steps.length) steps[i + 1] = { ...steps[i + 1]!, before: steps[i]!.after };
  return { ...t, steps };
}
const slot = (p: PodState, name: string) => p.ctx.containers[p.ctx.byName[name]!]!;
/** The violations' messages; the streaming check (InvariantStream, as `verify` runs it) must find the same. */
const found = (t: Trace, k: keyof typeof invariantCheckers) => {
  const batch = invariantCheckers[k](t);
  const stream = new InvariantStream({ profile: t.profile });
  for (const s of t.steps) stream.step(s);
  const streamed = stream.finish(createEngine({ profile: t.profile }));
  if (k !== 'I1') expect(streamed.filter((v) => v.invariant === k)).toEqual(batch);
  return batch.map((v) => v.message);
};

describe('I16: the terminal phase is Succeeded exactly when getPhase says (kubelet_pods.go getPhase, podIsTerminal)', () => {
  const run = [ev.scheduled(), ev.sandboxReady(), ev.started('a'), ev.started('b')];

  it('Never, one app exited 1: Failed; a trace saying Succeeded is caught', () => {
    const t = traceOf(twoApps('Never'), [...run, ev.exited('a', 0), ev.exited('b', 1)]);
    expect(t.steps[last(t)]!.after!.ctx.terminalPhase).toBe('Failed');
    expect(found(t, 'I16')).toEqual([]);
    const bad = tamper(t, last(t), (p) => {
      p.ctx.terminalPhase = 'Succeeded';
    });
    expect(found(bad, 'I16')).toEqual([
      'phase Succeeded, but app container "b" last exited 1: getPhase says Failed',
    ]);
  });

  it('OnFailure, both apps exited 0: Succeeded; a trace saying Failed, or no terminal phase at all, is caught', () => {
    const t = traceOf(twoApps('OnFailure'), [...run, ev.exited('a', 0), ev.exited('b', 0)]);
    expect(t.steps[last(t)]!.after!.ctx.terminalPhase).toBe('Succeeded');
    expect(found(t, 'I16')).toEqual([]);
    const failed = tamper(t, last(t), (p) => {
      p.ctx.terminalPhase = 'Failed';
    });
    expect(found(failed, 'I16')).toEqual([
      'phase Failed, but every app container exited 0: getPhase says Succeeded',
    ]);
    const stuck = tamper(t, last(t), (p) => {
      p.ctx.terminalPhase = undefined;
    });
    expect(found(stuck, 'I16')).toEqual([
      'nothing runs and every app container finished for good, yet the phase is not terminal',
    ]);
  });

  it('a kubelet eviction ends Failed even after every app exited 0 (eviction_manager evictPod)', () => {
    const t = traceOf(twoApps('Always'), [
      ...run,
      ev.exited('a', 0),
      ev.evicted('Evicted', 'The node was low on resource: memory.'),
    ]);
    expect(t.steps[last(t)]!.after!.ctx.terminalPhase).toBe('Failed');
    expect(found(t, 'I16')).toEqual([]);
    const bad = tamper(t, last(t), (p) => {
      p.ctx.terminalPhase = 'Succeeded';
    });
    expect(found(bad, 'I16')[0]).toMatch(/^phase Succeeded, but the kubelet evicted it/);
  });

  it('a terminal phase while a container still runs is caught', () => {
    const t = traceOf(twoApps('Never'), [...run, ev.exited('a', 0)]);
    const bad = tamper(t, last(t), (p) => {
      p.ctx.terminalPhase = 'Failed';
    });
    expect(found(bad, 'I16')[0]).toBe('phase Failed while "b" still runs');
  });
});

describe('I6: every restart raises restartCount by one and sets lastState (convertToAPIContainerStatuses)', () => {
  const crash = [ev.scheduled(), ev.sandboxReady(), ev.started('a'), ev.started('b'), ev.exited('a', 2)];

  it('a restart that leaves restartCount at 0 is caught', () => {
    const t = traceOf(twoApps('Always'), [...crash, ev.started('a')]);
    expect(slot(t.steps[last(t)]!.after!, 'a').ctx.restartCount).toBe(1);
    expect(found(t, 'I6')).toEqual([]);
    const bad = tamper(t, last(t), (p) => {
      slot(p, 'a').ctx.restartCount = 0;
    });
    expect(found(bad, 'I6')).toEqual([
      'container "a": restartCount 0 → 0 on container.started; it started 2 time(s)',
    ]);
  });

  it('a restart whose lastState is not the run that just ended is caught', () => {
    const t = traceOf(twoApps('Always'), [...crash, ev.started('a')]);
    expect(slot(t.steps[last(t)]!.after!, 'a').ctx.last?.exitCode).toBe(2);
    const bad = tamper(t, last(t), (p) => {
      slot(p, 'a').ctx.last = undefined;
    });
    expect(found(bad, 'I6')).toEqual([
      'container "a": restarted, but lastState is not the run that just ended (exit 2)',
    ]);
  });

  it('terminated.startedAt set to the exit time is caught', () => {
    const t = traceOf(twoApps('Always'), crash);
    const bad = tamper(t, last(t), (p) => {
      const c = slot(p, 'a').ctx;
      c.current = { ...c.current!, startedAt: c.current!.finishedAt };
    });
    expect(found(bad, 'I6')[0]).toMatch(
      /^container "a": exited 2 at \d+ after starting at \d+, but terminated is/,
    );
  });
});

describe('I5: probes run when worker.doProbe runs them, and readiness follows their thresholds', () => {
  const up = [
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('proxy'),
    ev.probeOk('proxy', 'startup'),
    ev.started('app'),
  ];

  it('a startup result accepted after the startup probe passed is caught', () => {
    const t = traceOf(withSidecar, up);
    expect(found(t, 'I5')).toEqual([]);
    const passed = t.steps.findIndex((s) => s.event.data.probe === 'startup');
    const again = {
      ...t,
      steps: [...t.steps.slice(0, passed + 1), t.steps[passed]!, ...t.steps.slice(passed + 1)],
    };
    expect(found(again, 'I5')).toEqual([
      'container "proxy": a startup probe result accepted after its startup probe passed',
    ]);
  });

  it('a liveness kill below failureThreshold is caught', () => {
    const t = traceOf(withSidecar, [...up, ev.probeFailed('app', 'liveness')]);
    expect(slot(t.steps[last(t)]!.after!, 'app').value).toMatch(/^running\.up\./);
    expect(found(t, 'I5')).toEqual([]);
    const bad = tamper(t, last(t), (p) => {
      slot(p, 'app').value =
        'running.stopping.kill.sigtermSent | running.stopping.startup.passed | running.stopping.readiness.unknown';
    });
    expect(found(bad, 'I5')).toEqual([
      'container "app": 1 consecutive liveness failure(s) with failureThreshold 2, but it was killed',
    ]);
  });

  it('a container without a readiness probe that runs but is not ready is caught', () => {
    const t = traceOf(twoApps('Always'), [ev.scheduled(), ev.sandboxReady(), ev.started('a')]);
    const bad = tamper(t, last(t), (p) => {
      slot(p, 'a').value = 'running.up.startup.passed | running.up.readiness.unknown';
    });
    expect(found(bad, 'I5')).toEqual([
      'container "a": not ready although it has no readiness probe and runs',
    ]);
  });
});

/** The real engine, except that check() refuses what `refuses` picks (a too-strict engine). */
function strict(refuses: (e: EventInput, engine: Engine) => boolean): Engine {
  const engine = createEngine();
  const check = engine.check.bind(engine);
  engine.check = (e) =>
    refuses(e, engine) ? { code: 'branch_not_taken', rule: 'planted', message: 'too strict' } : check(e);
  return engine;
}
const startOf = (name: string) => (e: EventInput) =>
  e.type === 'container.started' && e.data.container === name;

describe('I17: the engine accepts the facts the kubelet would produce next', () => {
  it('a sidecar that exited restarts after its back-off while the app runs (computeInitContainerActions)', () => {
    const t = traceOf(withSidecar, [
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('proxy'),
      ev.probeOk('proxy', 'startup'),
      ev.started('app'),
      ev.exited('proxy', 1),
    ]);
    expect(invariantCheckers.I17(t)).toEqual([]);
    expect(progressViolations(t, strict(startOf('proxy'))).map((v) => v.message)).toEqual([
      'sidecar container "proxy" exited and should restart after its back-off, but its start is refused: too strict',
    ]);
  });

  it('an app restarts while its sidecar is down (computePodActions does not wait for sidecars)', () => {
    const t = traceOf(withSidecar, [
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('proxy'),
      ev.probeOk('proxy', 'startup'),
      ev.started('app'),
      ev.exited('proxy', 1),
      ev.exited('app', 1),
    ]);
    expect(invariantCheckers.I17(t)).toEqual([]);
    const waitsForSidecars = (e: EventInput, engine: Engine) =>
      startOf('app')(e) &&
      engine.pods.get('u1')!.ctx.containers.some((c) => c.value.startsWith('terminated'));
    expect(progressViolations(t, strict(waitsForSidecars)).map((v) => v.message)).toEqual([
      'app container "app" exited and should restart after its back-off, but its start is refused: too strict',
    ]);
  });

  it('a readiness-only container becomes ready (worker.doProbe)', () => {
    const readinessOnly = pod('r', 'Always', {
      containers: [{ name: 'a', image: 'nginx:1.25', readinessProbe: { tcpSocket: { port: 80 } } }],
    });
    const t = traceOf(readinessOnly, [ev.scheduled(), ev.sandboxReady(), ev.started('a')]);
    expect(invariantCheckers.I17(t)).toEqual([]);
    const noReadiness = (e: EventInput) => e.data.probe === 'readiness';
    expect(progressViolations(t, strict(noReadiness)).map((v) => v.message)).toEqual([
      'readiness success of "a" refused: too strict',
    ]);
  });

  it('a Pod with spec.nodeName binds to that node (NodeName.Filter; the scheduler is bypassed)', () => {
    const named = pod('n', 'Always', {
      nodeName: 'node-1',
      containers: [{ name: 'a', image: 'nginx:1.25' }],
    });
    const t = traceOf(named, []);
    expect(invariantCheckers.I17(t)).toEqual([]);
    const neverBinds = (e: EventInput) => e.type === 'pod.scheduled';
    expect(progressViolations(t, strict(neverBinds)).map((v) => v.message)).toEqual([
      'pod.scheduled to spec.nodeName "node-1" refused: too strict',
    ]);
  });
});
