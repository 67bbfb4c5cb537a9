// CheckGracefulDelete (pkg/registry/core/pod/strategy.go) at its edges: a requested grace of 0
// for a bound, running Pod stays 0 (only a negative one becomes 1), and an eviction deletes with
// the Pod's own terminationGracePeriodSeconds (the eviction API's DeleteOptions carry none).
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const web = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { terminationGracePeriodSeconds: 45, containers: [{ name: 'app', image: 'nginx:1.25' }] },
};
const running: Step[] = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(web),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];

describe('CheckGracefulDelete: the grace of a deletion', () => {
  it('gracePeriodSeconds 0 for a running Pod stays 0: the deadline is the request itself (kept only while a finalizer is pending: updateForGracefulDeletionAndFinalizers)', () => {
    const kept = { ...web, metadata: { ...web.metadata, finalizers: ['example.com/keep'] } };
    given(running[0]!, ev.podCreated(kept), ...running.slice(2))
      .when(ev.deletion(0))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(0);
        expect(o.pod?.ctx.deletion?.deadline).toBe(Date.parse(o.event.time));
      });
  });

  it("an eviction through the API deletes with the Pod's terminationGracePeriodSeconds", () => {
    given(...running)
      .when(ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(45));
  });
});

describe('BeforeDelete: a second, shorter deletion', () => {
  it('keeps the time of the first request and shortens the grace', () => {
    given(...running, ev.deletion(60))
      .when(ev.deletion(5))
      .thenAccepted((o) => {
        const d = o.pod!.ctx.deletion!;
        expect(d.gracePeriodSeconds).toBe(5);
        expect(d.requestedAt).toBe(Date.parse(o.event.time) - 1000);
      });
    given(...running)
      .when(ev.deletion(60))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.requestedAt).toBe(Date.parse(o.event.time)));
  });
});
