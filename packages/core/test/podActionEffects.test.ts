// What the Pod machine's actions (machines/podActions.ts) record, read back from the engine's Pod
// context (what the projections turn into status.startTime, hostIP, the readiness-gate and
// DisruptionTarget conditions, metadata.deletionGracePeriodSeconds): the facts a user reads in
// `kubectl get pod -o yaml`, each with the upstream function that writes it.
import { createEngine } from '@podstate/core';
import { ev, given, builtInManifests as m, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'python:3.12']);
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
/** The time of the i-th step of a given/when scenario (steps are one second apart). */
const step = (i: number) => T0 + i * 1000;

const twoApps = (restartPolicy: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'two-apps', namespace: 'default' },
  spec: {
    restartPolicy,
    containers: [
      { name: 'batch', image: 'busybox:1.36' },
      { name: 'web', image: 'nginx:1.25' },
    ],
  },
});

describe('status.startTime: set once, when the kubelet first handles the Pod (status_manager updateStatusInternal keeps an existing StartTime)', () => {
  it('is the binding time, and a later sandbox (ready or failed) keeps it', () => {
    // steps: 0 node, 1 created, 2 scheduled, 3 sandbox failed, 4 sandbox ready
    const steps = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxFailed('no IP left')];
    given(...steps.slice(0, 3))
      .when(ev.sandboxFailed('no IP left'))
      .thenAccepted((o) => expect(o.pod?.ctx.startTime).toBe(step(2)));
    given(...steps)
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.pod?.ctx.startTime).toBe(step(2)));
  });

  it('a recreated sandbox keeps the first startTime', () => {
    given(
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.sandboxDied(),
    )
      .when(ev.sandboxReady('10.244.0.9'))
      .thenAccepted((o) => expect(o.pod?.ctx.startTime).toBe(step(2)));
  });
});

describe('status.hostIP (kubelet generateAPIPodStatus: the node address) and the sandbox failure (createPodSandbox FailedCreatePodSandBox)', () => {
  it('a sandbox without its own hostIP takes the address of the node the Pod is bound to', () => {
    given(node, ev.podCreated(m.plain), ev.scheduled())
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.pod?.ctx.hostIP).toBe('10.0.0.1');
        expect(o.pod?.ctx.podIP).toBe('10.244.0.5');
      });
  });

  it('a hostIP the sandbox event names wins over the node address', () => {
    given(node, ev.podCreated(m.plain), ev.scheduled())
      .when({ type: 'pod.sandbox.ready', data: { podIP: '10.244.0.5', hostIP: '192.168.1.7' } })
      .thenAccepted((o) => expect(o.pod?.ctx.hostIP).toBe('192.168.1.7'));
  });

  it("a failed sandbox creation keeps the runtime's message until a sandbox is ready", () => {
    const failed = [
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxFailed('no IP addresses available'),
    ];
    given(...failed.slice(0, 3))
      .when(failed[3]!)
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.creationFailed');
        expect(o.pod?.ctx.sandboxFailure).toBe('no IP addresses available');
      });
    given(...failed)
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.pod?.ctx.sandboxFailure).toBeUndefined());
  });
});

describe('readiness gates (spec.readinessGates: a controller writes the condition; the Pod keeps every one with its time)', () => {
  it('each gate condition is recorded with its status and time; another gate keeps the first', () => {
    const running = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
    given(...running)
      .when(ev.gate('example.com/feature', 'True'))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.gates).toEqual({ 'example.com/feature': { status: 'True', at: step(5) } }),
      );
    given(...running, ev.gate('example.com/feature', 'True'))
      .when(ev.gate('example.com/other', 'False'))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.gates).toEqual({
          'example.com/feature': { status: 'True', at: step(5) },
          'example.com/other': { status: 'False', at: step(6) },
        }),
      );
  });
});

describe('computePodActions (kuberuntime_manager.go): what a recreated sandbox starts again', () => {
  it('OnFailure: an app container that exited 0 is not started again (containerSucceeded), a killed one is', () => {
    const died = [
      node,
      ev.podCreated(twoApps('OnFailure')),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('batch'),
      ev.started('web'),
      ev.exited('batch', 0),
      ev.sandboxDied(),
      ev.sandboxReady('10.244.0.9'),
    ];
    given(...died)
      .when(ev.started('batch'))
      .thenRejected('restart_policy');
    given(...died)
      .when(ev.started('web'))
      .thenAccepted((o) => expect(o.container('web').ctx.restartCount).toBe(1));
  });

  it('a completed init container runs again in the new sandbox, whatever the restartPolicy (OnFailure and Always)', () => {
    for (const restartPolicy of ['OnFailure', 'Always']) {
      const manifest = { ...m.initChain, spec: { ...m.initChain.spec, restartPolicy } };
      const died = [
        node,
        ev.podCreated(manifest),
        ev.scheduled(),
        ev.sandboxReady(),
        ev.started('setup'),
        ev.exited('setup'),
        ev.started('migrate'),
        ev.exited('migrate'),
        ev.started('app'),
        ev.sandboxDied(),
        ev.sandboxReady('10.244.0.9'),
      ];
      given(...died)
        .when(ev.started('setup'))
        .thenAccepted((o) => expect(o.container('setup').ctx.restartCount).toBe(1));
    }
  });
});

describe('computePodActions (kuberuntime_manager.go): a dead sandbox is created again unless the Pod is done', () => {
  it('Always: an app that exited 0 and waits for its restart does not end the Pod; the sandbox is created again (shouldRestartOnFailure)', () => {
    given(
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 0),
    )
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.recreating');
        expect(o.pod?.ctx.terminalPhase).toBeUndefined();
      });
  });

  it('OnFailure: every app exited 0, a sidecar still running: the Pod ends Succeeded when the sandbox dies', () => {
    const withSidecar = {
      ...twoApps('OnFailure'),
      spec: {
        ...twoApps('OnFailure').spec,
        initContainers: [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }],
      },
    };
    const steps = [
      node,
      ev.podCreated(withSidecar),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('proxy'),
      ev.started('batch'),
      ev.started('web'),
      ev.exited('batch', 0),
    ];
    // One app is still running: the sandbox is created again for it.
    given(...steps)
      .when(ev.sandboxDied())
      .thenAccepted((o) => expect(o.pod?.value).toBe('sandbox.recreating'));
    // Both apps exited 0 and the kubelet is stopping the sidecar: the Pod is done.
    given(...steps, ev.exited('web', 0))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.succeeded');
        expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
      });
  });
});

describe('the kubelet stops every container for good when the Pod is going away', () => {
  it('SyncTerminatingPod: a sandbox that dies during deletion kills the containers, which never restart', () => {
    given(node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app'), ev.deletion(30))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.awaitingRemoval');
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.container('app').ctx.stopped).toBe(true);
        expect(o.container('app').ctx.current?.exitCode).toBe(137);
      });
  });

  it('a lost node has no kubelet to confirm the stop: a deleted Pod whose containers had all exited stays Terminating (status_manager canBeDeleted)', () => {
    given(
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.nodeLost(),
    )
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.pod?.value).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.terminalPhase).toBeUndefined();
      });
  });

  it('eviction_manager evictPod: an evicted Always Pod ends Failed, its killed container stopped (no CrashLoopBackOff)', () => {
    given(node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app'))
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.failed');
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.container('app').ctx.stopped).toBe(true);
      });
  });
});

describe("DisruptionTarget of an API or controller eviction (the eviction's reason and message)", () => {
  const running = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];

  it("the taint manager's reason and message are the condition's (DeletionByTaintManager)", () => {
    given(...running)
      .when(ev.evicted('DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint'))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.disruption).toEqual({
          reason: 'DeletionByTaintManager',
          message: 'Taint manager: deleting due to NoExecute taint',
          at: step(5),
        });
        expect(o.pod?.ctx.statusReason).toBeUndefined();
      });
  });

  it('an eviction without a message says its reason', () => {
    given(...running)
      .when({ type: 'pod.evicted', data: { reason: 'PreemptionByScheduler' } })
      .thenAccepted((o) =>
        expect(o.pod?.ctx.disruption).toEqual({
          reason: 'PreemptionByScheduler',
          message: 'PreemptionByScheduler',
          at: step(5),
        }),
      );
  });

  it('the legacy node controller writes status.reason NodeLost, no DisruptionTarget', () => {
    given(...running)
      .when(ev.evicted('NodeLost', 'Node node-1 which was running pod web is unresponsive'))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.statusReason).toEqual({
          reason: 'NodeLost',
          message: 'Node node-1 which was running pod web is unresponsive',
          at: step(5),
        });
        expect(o.pod?.ctx.disruption).toBeUndefined();
      });
  });
});

describe('CheckGracefulDelete (pkg/registry/core/pod/strategy.go): the grace period a deletion gets', () => {
  const running = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];

  it('gracePeriodSeconds 0 is kept (only a negative period becomes 1); with a finalizer pending the object stays (updateForGracefulDeletionAndFinalizers)', () => {
    const kept = { ...m.plain, metadata: { ...m.plain.metadata, finalizers: ['example.com/keep'] } };
    given(node, ev.podCreated(kept), ev.scheduled(), ev.sandboxReady(), ev.started('app'))
      .when(ev.deletion(0))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 0, deadline: step(5) }),
      );
    given(...running)
      .when(ev.deletion(-5))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 1, deadline: step(5) + 1000 }),
      );
  });

  it('a Pod whose phase is terminal is deleted with grace 0 (Succeeded or Failed), even when the request asks for more', () => {
    const succeeded = [
      node,
      ev.podCreated(twoApps('Never')),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('batch'),
      ev.started('web'),
      ev.exited('batch', 0),
      ev.exited('web', 0),
    ];
    given(...succeeded)
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        expect(o.result.ok && o.result.transition.after?.value).toBe('removed');
        expect(o.result.ok && o.result.transition.after?.ctx.deletion?.gracePeriodSeconds).toBe(0);
      });
  });

  it('BeforeDelete: a second, shorter deletion keeps the time of the first request (deletionTimestamp = first + new grace); the kubelet kill keeps the first grace', () => {
    given(...running, ev.deletion(60))
      .when(ev.deletion(10))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.deletion).toEqual({
          requestedAt: step(5),
          gracePeriodSeconds: 10,
          deadline: step(5) + 10_000,
          killDeadline: step(5) + 60_000,
        }),
      );
  });
});

describe('pod.metadata.updated keeps what the Pod had before (ValidateObjectMetaUpdate; the projections read labels as of a time)', () => {
  it('the first update records the labels and annotations of creation, from the creation time', () => {
    const labelled = {
      ...m.plain,
      metadata: { ...m.plain.metadata, labels: { app: 'web' }, annotations: { team: 'a' } },
    };
    given(node, ev.podCreated(labelled), ev.scheduled())
      .when({ type: 'pod.metadata.updated', data: { labels: { app: 'web', track: 'canary' } } })
      .thenAccepted((o) =>
        expect(o.pod?.ctx.metadataRevisions).toEqual([
          { since: step(1), labels: { app: 'web' }, annotations: { team: 'a' } },
          { since: step(3), labels: { app: 'web', track: 'canary' }, annotations: { team: 'a' } },
        ]),
      );
  });
});

describe('a fact refused for its time is judged again at a later time (the container memo keys on the time)', () => {
  it('a restart refused in CrashLoopBackOff is accepted after the back-off, even when the caller passes the same data object', () => {
    const engine = createEngine();
    const events = toEvents([
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.started('app'),
      ev.exited('app', 1),
    ]);
    for (const e of events) expect(engine.apply(e).ok).toBe(true);
    const data = { container: 'app' };
    const early = engine.apply({
      stream: 'pod/u1',
      type: 'container.started',
      time: new Date(step(8)).toISOString(),
      data,
    });
    expect(early.ok ? undefined : early.rejection.code).toBe('crashloop_backoff');
    const late = engine.apply({
      stream: 'pod/u1',
      type: 'container.started',
      time: new Date(step(40)).toISOString(),
      data,
    });
    expect(late.ok).toBe(true);
  });
});
