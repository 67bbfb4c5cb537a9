import { isPreStopState, isReadyState, nextActions } from '@podstate/core';
import { after, ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { cachedNode, sidecarsUp as sidecarsUpOn } from './upLifecycles.js';

const node = cachedNode();
const hooks = [node, ev.podCreated(m.hooks), ev.scheduled(), ev.sandboxReady()];
const sidecarsUp = sidecarsUpOn(node);
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
        expect(web.value).toBe('terminated.exited');
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
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(true));
  });

  it('computeInitContainerActions: startup probe failures at failureThreshold kill and restart the sidecar', () => {
    const proxyUp = sidecarsUp.slice(0, 7);
    given(...proxyUp, ev.probeFailed('proxy', 'startup'))
      .when(ev.probeFailed('proxy', 'startup'))
      .thenAccepted((o) =>
        expect(o.container('proxy').value).toBe(
          'running.stopping.kill.sigtermSent | running.stopping.startup.pending | running.stopping.readiness.ready',
        ),
      );
    given(
      ...proxyUp,
      ev.probeFailed('proxy', 'startup'),
      ev.probeFailed('proxy', 'startup'),
      ev.exited('proxy', 143),
    )
      .when(ev.started('proxy'))
      .thenAccepted((o) => expect(o.container('proxy').ctx.restartCount).toBe(1));
  });

  it('prober worker: readiness needs successThreshold successes and failureThreshold failures in a row', () => {
    given(...sidecarsUp, ev.probeOk('app', 'readiness'))
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(false));
    given(...sidecarsUp, ev.probeOk('app', 'readiness'))
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(true));
    const ready = [...sidecarsUp, ev.probeOk('app', 'readiness'), ev.probeOk('app', 'readiness')];
    given(...ready)
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(true));
    given(...ready, ev.probeFailed('app', 'readiness'))
      .when(ev.probeFailed('app', 'readiness'))
      .thenAccepted((o) => expect(isReadyState(o.container('app').value)).toBe(false));
  });

  it('computePodActions: liveness failure at failureThreshold kills the container and it restarts', () => {
    given(...sidecarsUp, ev.probeFailed('app', 'liveness'), ev.probeOk('app', 'liveness'))
      .when(ev.probeFailed('app', 'liveness'))
      .thenAccepted((o) =>
        expect(o.container('app').value).toBe('running.up.startup.passed | running.up.readiness.unknown'),
      );
    given(
      ...sidecarsUp,
      ev.probeFailed('app', 'liveness'),
      ev.probeFailed('app', 'liveness'),
      ev.exited('app', 143),
    )
      .when(ev.started('app'))
      .thenAccepted((o) => expect(o.container('app').ctx.restartCount).toBe(1));
  });

  it('killContainer: a liveness kill is graceful: running until the process exits, with its own exit code', () => {
    const killed = [
      ...sidecarsUp,
      ev.probeFailed('app', 'liveness'),
      after(10, ev.probeFailed('app', 'liveness')),
    ];
    // Given the app container's liveness probe failed failureThreshold (2) times
    // Then the kubelet sent SIGTERM with the Pod's grace (30 s): still running, not yet exited
    given(...sidecarsUp, ev.probeFailed('app', 'liveness'))
      .when(after(10, ev.probeFailed('app', 'liveness')))
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.value).toBe(
          'running.stopping.kill.sigtermSent | running.stopping.startup.passed | running.stopping.readiness.unknown',
        );
        expect(app.ctx.current).toBeUndefined();
        expect(app.ctx.kill).toEqual({ probe: 'liveness', deadline: Date.parse(o.event.time) + 30_000 });
      });
    // When the process exits on SIGTERM with 143, that is its exit code and the restart follows
    given(...killed)
      .when(after(3, ev.exited('app', 143)))
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.value).toBe('terminated.exited');
        expect(app.ctx.current).toMatchObject({ exitCode: 143, reason: 'Error' });
      });
    // A process that handles SIGTERM and exits 0 reports Completed
    given(...killed)
      .when(ev.exited('app', 0))
      .thenAccepted((o) => expect(o.container('app').ctx.current?.reason).toBe('Completed'));
    // While it stops, nothing starts it again and liveness results no longer apply
    given(...killed)
      .when(ev.started('app'))
      .thenRejected('container_state');
    given(...killed)
      .when(ev.probeFailed('app', 'liveness'))
      .thenRejected('container_stopping');
  });

  it('killContainer: the runtime sends SIGKILL at the grace deadline (the natural exit is 143 before it, 137 at it)', () => {
    const killed = [...sidecarsUp, ev.probeFailed('app', 'liveness'), ev.probeFailed('app', 'liveness')];
    const o = given(...killed)
      .when(ev.probeOk('app', 'readiness'))
      .thenAccepted();
    const deadline = o.container('app').ctx.kill!.deadline;
    const next = (ms: number) => nextActions(o.engine, 'u1', new Date(ms).toISOString())[0]?.data;
    expect(next(deadline - 1000)).toEqual({ container: 'app', exitCode: 143 });
    expect(next(deadline)).toEqual({ container: 'app', exitCode: 137, signal: 9 });
  });

  it("setTerminationGracePeriod: a probe kill uses the probe's terminationGracePeriodSeconds when set", () => {
    const own = {
      ...m.plain,
      spec: {
        ...m.plain.spec,
        terminationGracePeriodSeconds: 60,
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            livenessProbe: {
              exec: { command: ['ok'] },
              failureThreshold: 1,
              terminationGracePeriodSeconds: 5,
            },
          },
        ],
      },
    };
    given(node, ev.podCreated(own), ev.scheduled(), ev.sandboxReady(), ev.started('app'))
      .when(ev.probeFailed('app', 'liveness'))
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.ctx.kill!.deadline - Date.parse(o.event.time)).toBe(5_000);
      });
  });

  it('killContainer: preStop runs before SIGTERM on a probe kill too', () => {
    const hooked = {
      ...m.plain,
      spec: {
        ...m.plain.spec,
        containers: [
          {
            name: 'app',
            image: 'nginx:1.25',
            livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 1 },
            lifecycle: { preStop: { exec: { command: ['drain'] } } },
          },
        ],
      },
    };
    const up = [node, ev.podCreated(hooked), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
    given(...up)
      .when(ev.preStopDone('app'))
      .thenRejected('not_deleting');
    given(...up, ev.probeFailed('app', 'liveness'))
      .when(ev.preStopDone('app'))
      .thenAccepted((o) =>
        expect(o.container('app').value).toMatch(/^running\.stopping\.kill\.sigtermSent \| /),
      );
    given(...up)
      .when(ev.probeFailed('app', 'liveness'))
      .thenAccepted((o) => expect(isPreStopState(o.container('app').value)).toBe(true));
  });

  it('prober: a container without that probe refuses its results', () => {
    given(...sidecarsUp)
      .when(ev.probeOk('logger', 'readiness'))
      .thenRejected('no_probe');
  });
});
