// How a Pod ends when the kubelet, not the user, decides (lifecycle.md §6, §10): a sandbox that
// dies after an OnFailure Pod's app containers all succeeded (computePodActions creates no new
// one), a kubelet eviction without a message (eviction_manager.go synchronize), and a postStart
// failure the runtime gave no message for (startContainer).
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const bound = (manifest: unknown): Step[] => [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];

describe('computePodActions: OnFailure, a sandbox that dies while a sidecar still runs', () => {
  const mesh = pod('mesh', {
    restartPolicy: 'OnFailure',
    initContainers: [{ name: 'proxy', image: 'nginx:1.25', restartPolicy: 'Always' }],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });
  const running = [...bound(mesh), ev.started('proxy'), ev.started('app')];

  it('every app container exited 0: no new sandbox, the Pod Succeeded', () => {
    given(...running, ev.exited('app', 0))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.succeeded');
        expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
      });
  });

  it('an app container failed: OnFailure restarts it, so the kubelet creates a new sandbox', () => {
    given(...running, ev.exited('app', 1))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.recreating');
        expect(o.pod?.ctx.terminalPhase).toBeUndefined();
      });
  });
});

describe('eviction_manager synchronize: a kubelet eviction without a message', () => {
  it('fails the Pod with reason Evicted and DisruptionTarget TerminationByKubelet, with the default memory-pressure message', () => {
    given(...bound(pod('web', { containers: [{ name: 'app', image: 'nginx:1.25' }] })), ev.started('app'))
      .when({ type: 'pod.evicted', data: {} })
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.failed');
        const message = 'The node was low on resource: memory.';
        expect(o.pod?.ctx.statusReason).toMatchObject({ reason: 'Evicted', message });
        expect(o.pod?.ctx.disruption).toMatchObject({ reason: 'TerminationByKubelet', message });
      });
  });
});

describe('startContainer: a failed postStart hook without a message', () => {
  it('records PostStartHookError with "PostStartHook failed"', () => {
    const hooked = pod('h', {
      containers: [
        { name: 'app', image: 'nginx:1.25', lifecycle: { postStart: { exec: { command: ['x'] } } } },
      ],
    });
    given(...bound(hooked), ev.started('app'))
      .when({ type: 'container.poststart.failed', data: { container: 'app' } })
      .thenAccepted((o) =>
        expect(o.container('app').ctx.startError).toEqual({
          reason: 'PostStartHookError',
          message: 'PostStartHook failed',
        }),
      );
  });
});

describe('computePodActions §6.1: which containers a new sandbox starts again (OnFailure)', () => {
  const two = pod('two', {
    restartPolicy: 'OnFailure',
    initContainers: [{ name: 'proxy', image: 'nginx:1.25', restartPolicy: 'Always' }],
    containers: [
      { name: 'done', image: 'nginx:1.25' },
      { name: 'busy', image: 'nginx:1.25' },
    ],
  });
  const recreated = [
    ...bound(two),
    ev.started('proxy'),
    ev.started('done'),
    ev.started('busy'),
    ev.exited('done', 0),
    ev.sandboxDied(),
    ev.sandboxReady('10.244.0.8'),
  ];

  it('the sidecar and the app container the death killed start again; the one that exited 0 does not', () => {
    given(...recreated)
      .when(ev.started('proxy'))
      .thenAccepted((o) => expect(o.container('proxy').ctx.restartCount).toBe(1));
    given(...recreated, ev.started('proxy'))
      .when(ev.started('busy'))
      .thenAccepted((o) => expect(o.container('busy').ctx.restartCount).toBe(1));
    given(...recreated, ev.started('proxy'))
      .when(ev.started('done'))
      .thenRejected('restart_policy');
  });
});
