import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

// Images already on the node: IfNotPresent starts without a pull.
const node = ev.nodeRegistered('node-1', {}, [
  'busybox:1.36',
  'nginx:1.25',
  'envoy:1.30',
  'fluent-bit:3.0',
  'python:3.12',
]);
const initChain = [node, ev.podCreated(m.initChain), ev.scheduled(), ev.sandboxReady()];
const sidecarPod = [node, ev.podCreated(m.sidecars), ev.scheduled(), ev.sandboxReady()];
const job = [node, ev.podCreated(m.job), ev.scheduled(), ev.sandboxReady()];

describe('init containers and sidecars (lifecycle.md §5)', () => {
  it('computeInitContainerActions: init containers run one at a time, in order', () => {
    given(...initChain)
      .when(ev.started('migrate'))
      .thenRejected('init_not_completed');
    given(...initChain, ev.started('setup'))
      .when(ev.started('migrate'))
      .thenRejected('init_running');
    given(...initChain, ev.started('setup'), ev.exited('setup', 0))
      .when(ev.started('migrate'))
      .thenAccepted((o) =>
        expect(o.container('migrate').value).toBe('running.up.startup.passed | running.up.readiness.ready'),
      );
  });

  it('computeInitContainerActions: app containers start only after the last init container exited 0', () => {
    given(...initChain, ev.started('setup'), ev.exited('setup', 0), ev.started('migrate'))
      .when(ev.started('app'))
      .thenRejected('init_not_completed');
    given(
      ...initChain,
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('migrate'),
      ev.exited('migrate', 0),
    )
      .when(ev.started('app'))
      .thenAccepted((o) => expect(o.pod?.ctx.initialized).toBe(true));
  });

  it('computeInitContainerActions: a failed init container under OnFailure is restarted, the next one waits', () => {
    const failed = [...initChain, ev.started('setup'), ev.exited('setup', 1)];
    given(...failed)
      .when(ev.started('migrate'))
      .thenRejected('init_not_completed');
    given(...failed)
      .when(ev.started('setup'))
      .thenAccepted((o) => expect(o.container('setup').ctx.restartCount).toBe(1));
  });

  it('computeInitContainerActions: a failed init container under Never kills the Pod (Failed)', () => {
    given(...job, ev.started('fetch'))
      .when(ev.exited('fetch', 2))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.failed');
        expect(o.pod?.ctx.terminalPhase).toBe('Failed');
      });
  });

  it('computeInitContainerActions: a sidecar gates the next init container on its startup probe', () => {
    const base = [...sidecarPod, ev.started('setup'), ev.exited('setup', 0), ev.started('proxy')];
    given(...base)
      .when(ev.started('logger'))
      .thenRejected('sidecar_not_started');
    given(...base, ev.probeOk('proxy', 'startup'))
      .when(ev.started('logger'))
      .thenAccepted((o) =>
        expect(o.container('logger').value).toBe('running.up.startup.passed | running.up.readiness.ready'),
      );
  });

  it('computeInitContainerActions: app containers start once the last sidecar has started (not ready)', () => {
    const base = [...sidecarPod, ev.started('setup'), ev.exited('setup', 0)];
    given(...base, ev.started('proxy'), ev.probeOk('proxy', 'startup'))
      .when(ev.started('app'))
      .thenRejected('sidecar_not_started');
    given(...base, ev.started('proxy'), ev.probeOk('proxy', 'startup'), ev.started('logger'))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('ShouldContainerBeRestarted: a sidecar restarts even in a restartPolicy Never Pod', () => {
    given(
      ...job,
      ev.started('fetch'),
      ev.exited('fetch', 0),
      ev.started('mesh'),
      ev.started('main'),
      ev.exited('mesh', 1),
    )
      .when(ev.started('mesh'))
      .thenAccepted((o) => expect(o.container('mesh').ctx.restartCount).toBe(1));
  });

  it('computeInitContainerActions: a completed init container does not run again while the Pod stays initialized', () => {
    given(
      ...initChain,
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('migrate'),
      ev.exited('migrate', 0),
      ev.started('app'),
    )
      .when(ev.started('setup'))
      .thenRejected('pod_initialized');
  });
});

describe('sidecar liveness kill (computePodActions, TestComputePodActionsWithRestartableInitContainers)', () => {
  const meshPod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mesh', namespace: 'default' },
    spec: {
      initContainers: [
        {
          name: 'mesh',
          image: 'envoy:1.30',
          restartPolicy: 'Always',
          startupProbe: { exec: { command: ['ok'] } },
          livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 1 },
        },
      ],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    },
  };
  const meshUp = [
    ev.nodeRegistered('node-1', {}, ['envoy:1.30', 'nginx:1.25']),
    ev.podCreated(meshPod),
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('mesh'),
    ev.probeOk('mesh', 'startup'),
  ];

  it('computePodActions: "kill and recreate the restartable init container if the liveness check has failed" starts the app containers in the same sync', () => {
    // Given the last sidecar started, then failed its liveness probe before any app container ran
    const killed = [...meshUp, ev.probeFailed('mesh', 'liveness')];
    // Then the app may start while the sidecar is being stopped,
    given(...killed)
      .when(ev.started('app'))
      .thenAccepted((o) =>
        expect(o.container('app').value).toBe('running.up.startup.passed | running.up.readiness.ready'),
      );
    // after it exited (killed, not yet restarted),
    given(...killed, ev.exited('mesh', 143))
      .when(ev.started('app'))
      .thenAccepted();
    // and after its restart, before its new startup probe passed
    given(...killed, ev.exited('mesh', 143), ev.started('mesh'))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('computeInitContainerActions: a sidecar that never passed its startup probe still holds the app containers back', () => {
    given(...meshUp.slice(0, 5))
      .when(ev.started('app'))
      .thenRejected('sidecar_not_started');
  });
});
