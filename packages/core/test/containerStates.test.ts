import { isPreStopState, isReadyState, isStartedState } from '@podstate/core';
import { after, ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { cachedNode, hooksUp as hooksUpOn, sidecarsUp as sidecarsUpOn } from './upLifecycles.js';

// The container chart names every status (issue 9): these read the chart state, never a flag.
const bare = ev.nodeRegistered('node-1');
const plainBound = [bare, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady()];
const node = cachedNode();
const hooksUp = hooksUpOn(node);
const sidecarsUp = sidecarsUpOn(node);

describe('image pulls: ErrImagePull and ImagePullBackOff are two states (image_manager.go)', () => {
  const failed = [...plainBound, ev.pulling('app'), ev.pullFailed('app')];

  it('EnsureImageExists: a failed pull enters errImagePull at the failure', () => {
    given(...plainBound, ev.pulling('app'))
      .when(ev.pullFailed('app'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.errImagePull');
        expect(o.container('app').ctx.pullBackoff?.delay).toBe(10_000);
      });
  });

  it("EnsureImageExists → IsInBackOffSinceUpdate: the Pod's next sync (its next event, later than the failure) shows imagePullBackOff", () => {
    given(...failed)
      .when(after(2, ev.gate('example.com/ready', 'True')))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.imagePullBackOff'));
  });

  it('EnsureImageExists: the back-off (10 s) holds the next pull; once it expired the pull starts again', () => {
    given(...failed)
      .when(after(5, ev.pulling('app')))
      .thenRejected('pull_backoff');
    given(...failed)
      .when(after(10, ev.pulling('app')))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.pullingImage'));
    given(...failed, after(10, ev.pulling('app')))
      .when(ev.pulled('app'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.imagePulled'));
  });
});

describe('startContainer → CreateContainer: created is a state', () => {
  it('a created container is waiting.created; a second create is refused (already_created)', () => {
    given(...plainBound, ev.pulled('app'))
      .when(ev.created('app'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.created'));
    given(...plainBound, ev.pulled('app'), ev.created('app'))
      .when(ev.created('app'))
      .thenRejected('already_created');
  });
});

describe('deletion stops every running container (killPodWithSyncResult → killContainersWithSyncResult → killContainer)', () => {
  it('killContainer: a container with a preStop hook enters running.stopping.kill.preStop, one without goes on to sigtermSent; the deadline is the deletion grace', () => {
    given(...hooksUp)
      .when(ev.deletion(10))
      .thenAccepted((o) => {
        const web = o.container('web');
        const worker = o.container('worker');
        expect(web.value).toBe(
          'running.stopping.kill.preStop | running.stopping.startup.passed | running.stopping.readiness.ready',
        );
        expect(isPreStopState(web.value)).toBe(true);
        expect(worker.value).toBe(
          'running.stopping.kill.sigtermSent | running.stopping.startup.passed | running.stopping.readiness.ready',
        );
        const deadline = Date.parse(o.event.time) + 10_000;
        expect(web.ctx.kill).toEqual({ probe: undefined, deadline });
        expect(worker.ctx.kill).toEqual({ probe: undefined, deadline });
      });
  });

  it('executePreStopHook then StopContainer: the preStop completion sends SIGTERM; a second one is refused (prestop_done)', () => {
    given(...hooksUp, ev.deletion(10))
      .when(ev.preStopDone('web'))
      .thenAccepted((o) =>
        expect(o.container('web').value).toMatch(/^running\.stopping\.kill\.sigtermSent \| /),
      );
    given(...hooksUp, ev.deletion(10), ev.preStopDone('web'))
      .when(ev.preStopDone('web'))
      .thenRejected('prestop_done');
  });

  it('SyncTerminatingPod (killPod on its own context): a second, shorter delete leaves the SIGKILL deadline of every stopping container', () => {
    given(...hooksUp, ev.deletion(20))
      .when(after(1, ev.deletion(5)))
      .thenAccepted((o) => {
        const deadline = Date.parse(o.event.time) - 1000 + 20_000;
        expect(o.container('web').ctx.kill?.deadline).toBe(deadline);
        expect(o.container('worker').ctx.kill?.deadline).toBe(deadline);
      });
  });

  it('worker.doProbe: stopping keeps started/ready; readiness still counts; liveness failures no longer apply', () => {
    const ready = [...sidecarsUp, ev.probeOk('app', 'readiness'), ev.probeOk('app', 'readiness')];
    given(...ready)
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.value).toBe(
          'running.stopping.kill.sigtermSent | running.stopping.startup.passed | running.stopping.readiness.ready',
        );
        expect(isStartedState(app.value)).toBe(true);
        expect(isReadyState(app.value)).toBe(true);
      });
    given(...ready, ev.deletion(30), ev.probeFailed('app', 'readiness'))
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(false));
    given(...ready, ev.deletion(30))
      .when(ev.probeFailed('app', 'liveness'))
      .thenRejected('container_stopping');
  });

  it('worker.doProbe: on deletion the startup worker reports its one quiet-shutdown Success (started=true)', () => {
    const proxyStarting = sidecarsUp.slice(0, 7);
    given(...proxyStarting)
      .when(ev.deletion(30))
      .thenAccepted((o) => expect(isStartedState(o.container('proxy').value)).toBe(false));
    given(...proxyStarting, ev.deletion(30))
      .when(ev.probeOk('proxy', 'startup'))
      .thenAccepted((o) => expect(isStartedState(o.container('proxy').value)).toBe(true));
    given(...proxyStarting, ev.deletion(30))
      .when(ev.probeFailed('proxy', 'startup'))
      .thenRejected('container_stopping');
  });

  it('executePreStopHook: an exit while the preStop hook runs is accepted and ends the container', () => {
    given(...hooksUp, ev.deletion(10))
      .when(after(1, ev.exited('web', 0)))
      .thenAccepted((o) => expect(o.container('web').value).toBe('terminated.exited'));
  });
});
