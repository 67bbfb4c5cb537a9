// When the API server deletes a Pod object in the deletion request itself. store.go Delete
// (staging/src/k8s.io/apiserver/pkg/registry/generic/registry): BeforeDelete (registry/rest/delete.go)
// sets deletionTimestamp and deletionGracePeriodSeconds — for a first request the grace
// CheckGracefulDelete (pkg/registry/core/pod/strategy.go) gives, for a later one only a shorter
// grace — and updateForGracefulDeletionAndFinalizers then deletes the object at once when that
// grace is 0 (lastGraceful == 0) and no finalizer is pending; otherwise the object stays with its
// deletionTimestamp until the kubelet (or whoever removes the last finalizer) is done. The kubelet
// still kills the containers of a Pod removed so (HandlePodRemoves), but no status of it is
// written any more: `kubectl get pods` no longer lists it.
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const web = (extra: { finalizers?: string[]; grace?: number } = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    ...(extra.finalizers ? { finalizers: extra.finalizers } : {}),
  },
  spec: {
    terminationGracePeriodSeconds: extra.grace ?? 45,
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  },
});
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const runningWith = (manifest: object): Step[] => [
  node,
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];
const running = runningWith(web());
const withFinalizer = runningWith(web({ finalizers: ['example.com/keep'] }));
/** A Pod deleted with 30 s whose container has stopped: terminating.awaitingRemoval. */
const awaiting = (steps: Step[]): Step[] => [...steps, ev.deletion(30), ev.exited('app', 0)];
/** The time of that deletion, from the time of the event after it (each step is 1 s later). */
const firstOf = (o: { event: { time: string } }) => Date.parse(o.event.time) - 2000;

type O = { result: { ok: boolean; transition?: { after?: { value: string } } }; event: { time: string } };
const afterValue = (o: O) => (o.result.ok ? o.result.transition?.after?.value : undefined);

describe('store.go Delete + updateForGracefulDeletionAndFinalizers: a first request whose grace is 0 removes a bound Pod at once', () => {
  it('gracePeriodSeconds 0 on a running Pod: the object is gone in the same request (no pod.removed follows)', () => {
    const o = given(...running)
      .when(ev.deletion(0))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('removed');
        expect(o.pod).toBeUndefined();
        expect(o.engine.removed.get('u1')).toMatchObject({
          name: 'web',
          removedAt: Date.parse(o.event.time),
        });
      });
    expect(o.engine.pods.size).toBe(0);
    // Nothing of the Pod can be reported any more: its container's exit is refused.
    given(...running, ev.deletion(0))
      .when(ev.exited('app', 137))
      .thenRejected('pod_removed');
    given(...running, ev.deletion(0))
      .when(ev.removed())
      .thenRejected('pod_removed');
  });

  it('a bound Pod whose sandbox is not ready yet, and a deletion without a grace of a Pod with terminationGracePeriodSeconds 0, are removed too', () => {
    given(node, ev.podCreated(web()), ev.scheduled())
      .when(ev.deletion(0))
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
    given(...runningWith(web({ grace: 0 })))
      .when(ev.deletion())
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
  });

  it('an eviction through the API deletes with the Pod’s own grace: removed at once when terminationGracePeriodSeconds is 0, Terminating otherwise', () => {
    given(...runningWith(web({ grace: 0 })))
      .when(ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
    given(...running)
      .when(ev.evicted('DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint'))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(45);
      });
  });

  it('a negative gracePeriodSeconds counts as 1 (CheckGracefulDelete): the Pod stays Terminating', () => {
    given(...running)
      .when(ev.deletion(-3))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(1);
      });
  });

  it('with a finalizer pending the object stays, deletionGracePeriodSeconds 0 and deletionTimestamp the request itself', () => {
    given(...withFinalizer)
      .when(ev.deletion(0))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.deletion).toMatchObject({
          gracePeriodSeconds: 0,
          deadline: Date.parse(o.event.time),
        });
      });
  });
});

describe('BeforeDelete + updateForGracefulDeletionAndFinalizers: a second request on a Pod that already has a deletionTimestamp', () => {
  it('while the containers stop: one that shortens the grace to 0 removes the Pod (kubectl delete --force --grace-period=0)', () => {
    given(...running, ev.deletion(30))
      .when(ev.deletion(0))
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
    // A finalizer keeps it: the grace becomes 0, deletionTimestamp the first request.
    given(...withFinalizer, ev.deletion(30))
      .when(ev.deletion(0))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('terminating.stoppingContainers');
        expect(o.pod?.ctx.deletion).toMatchObject({
          gracePeriodSeconds: 0,
          deadline: Date.parse(o.event.time) - 1000,
        });
      });
  });

  it('awaiting removal: without a grace, or with one not shorter, nothing changes and the Pod stays', () => {
    for (const asked of [undefined, 30, 90]) {
      given(...awaiting(running))
        .when(ev.deletion(asked))
        .thenAccepted((o) => {
          expect(afterValue(o)).toBe('terminating.awaitingRemoval');
          const first = firstOf(o);
          expect(o.pod?.ctx.deletion).toEqual({
            requestedAt: first,
            gracePeriodSeconds: 30,
            deadline: first + 30_000,
            killDeadline: first + 30_000,
          });
        });
    }
  });

  it('awaiting removal: a shorter grace only moves deletionTimestamp (the kubelet’s final delete removes the Pod); 0 removes it at once', () => {
    given(...awaiting(running))
      .when(ev.deletion(5))
      .thenAccepted((o) => {
        expect(afterValue(o)).toBe('terminating.awaitingRemoval');
        expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 5, deadline: firstOf(o) + 5000 });
      });
    given(...awaiting(running), ev.deletion(5))
      .when(ev.removed())
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
    given(...awaiting(running))
      .when(ev.deletion(0))
      .thenAccepted((o) => expect(afterValue(o)).toBe('removed'));
    given(...awaiting(withFinalizer))
      .when(ev.deletion(0))
      .thenAccepted((o) => expect(afterValue(o)).toBe('terminating.awaitingRemoval'));
  });
});
