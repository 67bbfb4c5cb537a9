import { after, ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { cachedNode, hooksUp as hooksUpOn, sidecarsUp as sidecarsUpOn } from './upLifecycles.js';

const node = cachedNode('python:3.12');
const hooksUp = hooksUpOn(node);
const sidecarsUp = sidecarsUpOn(node);

describe('graceful deletion (lifecycle.md §9.2, §9.3)', () => {
  it('CheckGracefulDelete + BeforeDelete: an unscheduled Pod gets grace 0, so the registry removes it in the same request (one fact)', () => {
    given(ev.podCreated(m.plain))
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        expect(o.result.ok && o.result.transition.after?.value).toBe('removed');
        expect(o.result.ok && o.result.transition.after?.ctx.deletion?.gracePeriodSeconds).toBe(0);
        expect(o.engine.pods.size).toBe(0);
        expect(o.engine.removed.get('u1')).toMatchObject({ name: 'plain', phase: undefined });
      });
    given(ev.podCreated(m.plain), ev.deletion()).when(ev.removed()).thenRejected('pod_removed');
  });

  it('CheckGracefulDelete: the Eviction API deleting an unscheduled Pod removes it at once too', () => {
    given(ev.podCreated(m.plain))
      .when(ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .thenAccepted((o) => expect(o.engine.removed.has('u1')).toBe(true));
  });

  it('CheckGracefulDelete: grace defaults to spec.terminationGracePeriodSeconds; negative becomes 1', () => {
    given(...hooksUp)
      .when(ev.deletion())
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(20));
    given(...hooksUp)
      .when(ev.deletion(-5))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(1));
  });

  it('CheckGracefulDelete: a second delete may only shorten the grace period', () => {
    given(...hooksUp, ev.deletion(10))
      .when(ev.deletion(60))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(10));
    given(...hooksUp, ev.deletion(60))
      .when(ev.deletion(5))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion?.gracePeriodSeconds).toBe(5));
  });

  it('executePreStopHook: the container may exit while its preStop hook runs, and the hook is abandoned', () => {
    // Given a Pod being deleted whose web container runs a preStop hook (nginx -s quit)
    // When the process exits before the hook returns
    // Then the exit is accepted, the container is terminated with its own exit code,
    // and a late preStop completion is refused: the kubelet stopped waiting for it.
    given(...hooksUp, ev.deletion())
      .when(after(1, ev.exited('web', 0)))
      .thenAccepted((o) => {
        expect(o.container('web').value).toBe('terminated.exited');
        expect(o.container('web').ctx.current?.exitCode).toBe(0);
      });
    given(...hooksUp, ev.deletion(), after(1, ev.exited('web', 0)))
      .when(ev.preStopDone('web'))
      .thenRejected('container_state');
    given(...hooksUp, ev.deletion(), ev.preStopDone('web'))
      .when(ev.exited('web', 0))
      .thenAccepted();
    given(...hooksUp, ev.deletion(10))
      .when(after(10, ev.exited('web', 137, { signal: 9 })))
      .thenAccepted();
  });

  it('killContainer: preStop runs only when the kubelet stops the container', () => {
    given(...hooksUp)
      .when(ev.preStopDone('web'))
      .thenRejected('not_deleting');
  });

  it('kuberuntime_termination_order: sidecars stop after app containers, in reverse order', () => {
    const deleting = [...sidecarsUp, ev.deletion()];
    given(...deleting)
      .when(ev.exited('logger', 0))
      .thenRejected('sidecars_stop_last');
    given(...deleting, ev.exited('app', 0))
      .when(ev.exited('proxy', 0))
      .thenRejected('sidecar_stop_order');
    given(...deleting, ev.exited('app', 0), ev.exited('logger', 0))
      .when(ev.exited('proxy', 0))
      .thenAccepted();
  });

  it('ShouldContainerBeRestarted: nothing restarts while the Pod terminates', () => {
    given(...sidecarsUp, ev.deletion(), ev.exited('app', 1))
      .when(ev.started('app'))
      .thenRejected('pod_terminating');
    // Found by the property test: a container that never ran must not start during termination either.
    given(
      node,
      ev.podCreated(m.hooks),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.postStartOk('web'),
      ev.deletion(),
    )
      .when(ev.started('worker'))
      .thenRejected('pod_terminating');
    given(...hooksUp.slice(0, 5), ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .when(ev.pulled('worker'))
      .thenRejected('pod_terminating');
  });

  it('getPhase with podIsTerminal: a deleted restartPolicy Always Pod ends Succeeded iff its app containers exited 0', () => {
    const stopped = [...sidecarsUp, ev.deletion(), ev.exited('app', 0), ev.exited('logger', 143)];
    given(...stopped)
      .when(ev.exited('proxy', 143))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.awaitingRemoval');
        expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
      });
    given(...sidecarsUp, ev.deletion(), ev.exited('app', 143), ev.exited('logger', 0), ev.exited('proxy', 0))
      .when(ev.removed())
      .thenAccepted((o) => expect(o.engine.removed.get('u1')?.phase).toBe('Failed'));
  });

  it('canBeDeleted: a bound Pod is removed only after it reached a terminal phase', () => {
    given(...sidecarsUp, ev.deletion())
      .when(ev.removed())
      .thenRejected('containers_running');
  });

  it('eviction: the kubelet evicts a Pod to Failed with reason Evicted', () => {
    given(...sidecarsUp)
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.terminalPhase).toBe('Failed');
        expect(o.pod?.ctx.statusReason?.reason).toBe('Evicted');
        expect(o.pod?.ctx.containers.every((c) => !c.value.startsWith('running.up'))).toBe(true);
      });
  });

  it('getPhase: Succeeded and Failed are terminal; only deletion and removal follow', () => {
    const done = [
      node,
      ev.podCreated(m.job),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('fetch'),
      ev.exited('fetch', 1),
    ];
    given(...done)
      .when(ev.sandboxDied())
      .thenRejected('pod_finished');
    // CheckGracefulDelete: a terminal Pod gets grace 0, so deleting it removes it in the same request.
    given(...done)
      .when(ev.deletion())
      .thenAccepted((o) => expect(o.engine.removed.get('u1')?.phase).toBe('Failed'));
  });
});
