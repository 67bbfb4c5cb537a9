// Which probe results the kubelet still produces while it stops a container (prober/worker.go
// worker.doProbe, kuberuntime_container.go killContainer): on the Pod's deletion the startup and
// liveness workers set one Success (quiet shutdown) and stop, a probe kill puts them on hold, only
// readiness goes on; no probe runs for a waiting or terminated container; a probe the spec lacks
// has no worker (prober_manager.AddPod).
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const manifest = (name: string, container: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { restartPolicy: 'Always', containers: [{ name: 'app', image: 'nginx:1.25', ...container }] },
});
const probed = manifest('probed', {
  startupProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
  readinessProbe: { exec: { command: ['ok'] } },
  livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 1 },
});
const bound = (m: unknown): Step[] => [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m),
  ev.scheduled(),
  ev.sandboxReady(),
];
const up = [...bound(probed), ev.started('app')];
const startupPassed = [...up, ev.probeOk('app', 'startup')];
const deleting = '(the Pod is being deleted): only its readiness probe still runs';

describe('worker.doProbe while the Pod is being deleted (quiet shutdown)', () => {
  it('startup not passed yet: the startup worker sets one Success; liveness does not run, a startup failure is not produced', () => {
    given(...up, ev.deletion(30))
      .when(ev.probeOk('app', 'startup'))
      .thenAccepted((o) => expect(o.container('app').value).toContain('running.stopping.startup.passed'));
    const live = given(...up, ev.deletion(30))
      .when(ev.probeOk('app', 'liveness'))
      .thenRejected('container_stopping');
    expect(live.rule).toBe('killContainer');
    expect(live.message).toContain(`the kubelet is stopping "app" ${deleting}`);
    given(...up, ev.deletion(30))
      .when(ev.probeFailed('app', 'startup'))
      .thenRejected('container_stopping');
  });

  it('startup passed: the liveness worker sets one Success; the startup probe no longer runs; liveness failures are not produced; readiness goes on', () => {
    given(...startupPassed, ev.deletion(30))
      .when(ev.probeOk('app', 'liveness'))
      .thenAccepted();
    expect(
      given(...startupPassed, ev.deletion(30))
        .when(ev.probeOk('app', 'startup'))
        .thenRejected('container_stopping').message,
    ).toContain(deleting);
    given(...startupPassed, ev.deletion(30))
      .when(ev.probeFailed('app', 'liveness'))
      .thenRejected('container_stopping');
    given(...startupPassed, ev.deletion(30))
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').value).toContain('readiness.ready'));
  });
});

describe('killContainer after a probe kill: the startup and liveness workers are on hold', () => {
  const killed = [...startupPassed, ev.probeFailed('app', 'liveness')];
  it('liveness and startup results are refused, naming the probe that failed; readiness still runs', () => {
    for (const step of [ev.probeOk('app', 'liveness'), ev.probeOk('app', 'startup')]) {
      const r = given(...killed)
        .when(step)
        .thenRejected('container_stopping');
      expect(r.rule).toBe('killContainer');
      expect(r.message).toContain(
        'the kubelet is stopping "app" (its liveness probe failed): only its readiness probe still runs',
      );
    }
    given(...killed)
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted();
  });
});

describe('no probe worker for a container that is not running, or a probe the spec lacks', () => {
  it('a waiting or terminated container has no probe results (the container machine refuses them)', () => {
    const waiting = given(...bound(probed))
      .when(ev.probeOk('app', 'readiness'))
      .thenRejected('container_state');
    expect(waiting.message).toContain('container "app" is waiting');
    given(...bound(probed))
      .when(ev.probeOk('app', 'startup'))
      .thenRejected('container_state');
    const exited = given(...startupPassed, ev.exited('app', 1))
      .when(ev.probeOk('app', 'readiness'))
      .thenRejected('container_state');
    expect(exited.message).toContain('container "app" is terminated');
  });

  it('prober_manager.AddPod: no worker for a probe the container does not define', () => {
    const onlyLiveness = [
      ...bound(manifest('q', { livenessProbe: { exec: { command: ['ok'] } } })),
      ev.started('app'),
    ];
    for (const kind of ['startup', 'readiness'] as const) {
      const r = given(...onlyLiveness)
        .when(ev.probeOk('app', kind))
        .thenRejected('no_probe');
      expect(r.rule).toBe('prober_manager.AddPod');
      expect(r.message).toContain(`container "app" has no ${kind}Probe`);
    }
  });
});

describe('worker.doProbe while the container runs: the startup probe first, the others after it', () => {
  it('once the startup probe succeeded it no longer runs', () => {
    const r = given(...startupPassed)
      .when(ev.probeOk('app', 'startup'))
      .thenRejected('startup_probe_passed');
    expect(r.rule).toBe('worker.doProbe');
    expect(r.message).toContain('the startup probe of "app" has already succeeded; it no longer runs');
  });

  it('readiness and liveness do not run until the startup probe succeeds', () => {
    for (const kind of ['readiness', 'liveness'] as const) {
      const r = given(...up)
        .when(ev.probeFailed('app', kind))
        .thenRejected('startup_probe_pending');
      expect(r.rule).toBe('worker.doProbe');
      expect(r.message).toContain(`the ${kind} probe of "app" does not run until its startup probe succeeds`);
    }
    given(...up)
      .when(ev.probeFailed('app', 'startup'))
      .thenAccepted((o) => expect(o.container('app').ctx.startupFailures).toBe(1));
  });
});
