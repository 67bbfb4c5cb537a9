// Containers the kubelet stops for good (ShouldContainerBeRestarted is false once the Pod is being
// deleted or was evicted): they rest as terminated.exited, never CrashLoopBackOff, whether they
// exit during the deletion, are killed by a kubelet eviction, or die with the sandbox while the Pod
// terminates. And the Pod's startTime (set when the kubelet first took the Pod, at binding here)
// and the sandbox failure it records (createPodSandbox).
import { ev, given, now, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'p', namespace: 'default' },
  spec: {
    containers: [
      { name: 'app', image: 'nginx:1.25' },
      { name: 'side', image: 'nginx:1.25' },
    ],
  },
};
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const up: Step[] = [
  node,
  ev.podCreated(pod),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
  ev.started('side'),
];
/** app has crashed twice: its restart is held back (CrashLoopBackOff). */
const crashLooping: Step[] = [...up, ev.exited('app', 1), now(ev.started('app')), ev.exited('app', 1)];

describe('stopped for good: terminated.exited, not CrashLoopBackOff', () => {
  it('the precondition: a crash-looping container of a live Pod rests in CrashLoopBackOff', () => {
    given(...crashLooping)
      .when(ev.wait(1))
      .thenAccepted((o) => expect(o.container('app').value).toBe('terminated.crashLoopBackOff'));
  });

  it('eviction_manager: a kubelet eviction stops every container for good, a crash-looping one too', () => {
    given(...crashLooping)
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.container('app').ctx.stopped).toBe(true);
        expect(o.container('side').value).toBe('terminated.exited');
      });
  });

  it('killContainer: a restarted container that exits during the deletion is not held for a restart', () => {
    given(...up, ev.exited('app', 1), now(ev.started('app')), ev.deletion(30))
      .when(ev.exited('app', 1))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.container('app').ctx.stopped).toBe(true);
      });
  });

  it('a sandbox that dies while the Pod terminates stops its containers for good', () => {
    given(...crashLooping, ev.deletion(30))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.awaitingRemoval');
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.container('app').ctx.stopped).toBe(true);
        expect(o.container('app').ctx.needsRun).toBe(false);
      });
  });
});

describe("the Pod's startTime and a sandbox failure", () => {
  it('startTime is set once, when the Pod is bound, and kept by the sandbox events after it', () => {
    const created = [node, ev.podCreated(pod)];
    given(...created)
      .when(ev.scheduled())
      .thenAccepted((o) => expect(o.pod?.ctx.startTime).toBe(Date.parse(o.event.time)));
    given(...created, ev.scheduled())
      .when(ev.sandboxFailed('failed to create pod sandbox: boom'))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.sandboxFailure).toBe('failed to create pod sandbox: boom');
        expect(o.pod?.ctx.startTime).toBe(Date.parse(o.event.time) - 1000);
      });
    given(...created, ev.scheduled(), ev.sandboxFailed())
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.pod?.ctx.startTime).toBe(Date.parse(o.event.time) - 2000);
        expect(o.pod?.ctx.sandboxFailure).toBeUndefined();
      });
  });
});

describe('what an eviction records (eviction_manager synchronize; the eviction API, the taint manager)', () => {
  it("a kubelet eviction keeps the kubelet's message as the reason Evicted and the DisruptionTarget message", () => {
    const message = 'The node was low on resource: ephemeral-storage.';
    given(...up)
      .when(ev.evicted('Evicted', message))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.statusReason).toMatchObject({ reason: 'Evicted', message });
        expect(o.pod?.ctx.disruption).toMatchObject({ reason: 'TerminationByKubelet', message });
      });
  });

  it("a controller's eviction records its reason and message as the DisruptionTarget; without a message, the reason", () => {
    given(...up)
      .when(ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.disruption).toMatchObject({
          reason: 'EvictionByEvictionAPI',
          message: 'Eviction API: evicting',
        }),
      );
    given(...up)
      .when({ type: 'pod.evicted', data: { reason: 'DeletionByTaintManager' } })
      .thenAccepted((o) =>
        expect(o.pod?.ctx.disruption).toMatchObject({
          reason: 'DeletionByTaintManager',
          message: 'DeletionByTaintManager',
        }),
      );
  });
});
