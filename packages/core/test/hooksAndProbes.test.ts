import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'fluent-bit:3.0']);
const hooks = [node, ev.podCreated(m.hooks), ev.scheduled(), ev.sandboxReady()];
const sidecarsUp = [
  node,
  ev.podCreated(m.sidecars),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup'),
  ev.started('proxy'),
  ev.probeOk('proxy', 'startup'),
  ev.started('logger'),
  ev.started('app'),
];
const probed = {
  ...m.plain,
  spec: {
    ...m.plain.spec,
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        startupProbe: { exec: { command: ['ok'] } },
        readinessProbe: { exec: { command: ['ok'] } },
        livenessProbe: { exec: { command: ['ok'] } },
      },
    ],
  },
};

describe('postStart (lifecycle.md §9.1)', () => {
  it('startContainer: postStart blocks the next container until it returns', () => {
    given(...hooks, ev.started('web'))
      .when(ev.started('worker'))
      .thenRejected('poststart_running');
    given(...hooks, ev.started('web'), ev.postStartOk('web'))
      .when(ev.started('worker'))
      .thenAccepted();
  });

  it('startContainer: a failed postStart kills the container (PostStartHookError); under Never it stays terminated', () => {
    given(...hooks, ev.started('web'))
      .when(ev.postStartFailed('web'))
      .thenAccepted((o) => {
        const web = o.container('web');
        expect(web.value).toBe('terminated');
        expect(web.ctx.startError?.reason).toBe('PostStartHookError');
        expect(web.ctx.current?.exitCode).toBe(137);
      });
    given(...hooks, ev.started('web'), ev.postStartFailed('web'))
      .when(ev.started('web'))
      .thenRejected('restart_policy');
  });
});

describe('probes (lifecycle.md §3 prober_manager, §5, §6.2)', () => {
  it('UpdatePodStatus: the startup probe gates liveness and readiness probes', () => {
    const up = [node, ev.podCreated(probed), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
    given(...up)
      .when(ev.probeOk('app', 'readiness'))
      .thenRejected('startup_probe_pending');
    given(...up)
      .when(ev.probeFailed('app', 'liveness'))
      .thenRejected('startup_probe_pending');
    given(...up, ev.probeOk('app', 'startup'))
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').ctx.readyOk).toBe(true));
  });

  it('computeInitContainerActions: startup probe failures at failureThreshold kill and restart the sidecar', () => {
    const proxyUp = sidecarsUp.slice(0, 7);
    given(...proxyUp, ev.probeFailed('proxy', 'startup'))
      .when(ev.probeFailed('proxy', 'startup'))
      .thenAccepted((o) => expect(o.container('proxy').value).toBe('terminated'));
    given(...proxyUp, ev.probeFailed('proxy', 'startup'), ev.probeFailed('proxy', 'startup'))
      .when(ev.started('proxy'))
      .thenAccepted((o) => expect(o.container('proxy').ctx.restartCount).toBe(1));
  });

  it('prober worker: readiness needs successThreshold successes and failureThreshold failures in a row', () => {
    given(...sidecarsUp, ev.probeOk('app', 'readiness'))
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').ctx.readyOk).toBe(false));
    given(...sidecarsUp, ev.probeOk('app', 'readiness'))
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').ctx.readyOk).toBe(true));
    const ready = [...sidecarsUp, ev.probeOk('app', 'readiness'), ev.probeOk('app', 'readiness')];
    given(...ready)
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').ctx.readyOk).toBe(true));
    given(...ready, ev.probeFailed('app', 'readiness'))
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(o.container('app').ctx.readyOk).toBe(false));
  });

  it('computePodActions: liveness failure at failureThreshold kills the container and it restarts', () => {
    given(...sidecarsUp, ev.probeFailed('app', 'liveness'))
      .when(ev.probeFailed('app', 'liveness'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated');
        expect(o.container('app').ctx.current?.exitCode).toBe(137);
      });
    given(...sidecarsUp, ev.probeFailed('app', 'liveness'), ev.probeOk('app', 'liveness'))
      .when(ev.probeFailed('app', 'liveness'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('running.up'));
    given(...sidecarsUp, ev.probeFailed('app', 'liveness'), ev.probeFailed('app', 'liveness'))
      .when(ev.started('app'))
      .thenAccepted((o) => expect(o.container('app').ctx.restartCount).toBe(1));
  });

  it('prober: a container without that probe refuses its results', () => {
    given(...sidecarsUp)
      .when(ev.probeOk('logger', 'readiness'))
      .thenRejected('no_probe');
  });
});
