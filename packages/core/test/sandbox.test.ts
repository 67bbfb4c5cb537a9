import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'python:3.12']);
const initDone = [
  node,
  ev.podCreated(m.initChain),
  ev.scheduled(),
  ev.sandboxReady('10.244.1.1'),
  ev.started('setup'),
  ev.exited('setup'),
  ev.started('migrate'),
  ev.exited('migrate'),
  ev.started('app'),
];

describe('the sandbox (lifecycle.md §6.1, §4.4)', () => {
  it('computePodActions: sandbox death re-runs init containers from the first', () => {
    const died = [...initDone, ev.sandboxDied()];
    given(...died)
      .when(ev.sandboxReady('10.244.1.2'))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('containers.initializing');
        expect(o.pod?.ctx.initialized).toBe(false);
      });
    given(...died, ev.sandboxReady('10.244.1.2'))
      .when(ev.started('app'))
      .thenRejected('init_not_completed');
    given(...died, ev.sandboxReady('10.244.1.2'))
      .when(ev.started('migrate'))
      .thenRejected('init_not_completed');
    given(...died, ev.sandboxReady('10.244.1.2'))
      .when(ev.started('setup'))
      .thenAccepted((o) => expect(o.container('setup').ctx.restartCount).toBe(1));
  });

  it('computePodActions: sandbox death kills every running container', () => {
    given(...initDone)
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.recreating');
        expect(o.container('app').value).toBe('terminated.exited');
        expect(o.pod?.ctx.podIP).toBeUndefined();
      });
  });

  it('PodSandboxChanged/Never: no new sandbox after containers ran', () => {
    const never = { ...m.plain, spec: { ...m.plain.spec, restartPolicy: 'Never' } };
    given(node, ev.podCreated(never), ev.scheduled(), ev.sandboxReady(), ev.started('app'))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('finished.failed');
        expect(o.pod?.ctx.terminalPhase).toBe('Failed');
      });
  });

  it('PodSandboxChanged/Never: a sandbox that died before any container ran is created again', () => {
    const never = { ...m.plain, spec: { ...m.plain.spec, restartPolicy: 'Never' } };
    given(node, ev.podCreated(never), ev.scheduled(), ev.sandboxReady(), ev.sandboxDied())
      .when(ev.sandboxReady('10.244.1.3'))
      .thenAccepted((o) => expect(o.pod?.value).toBe('containers.startingApps'));
  });

  it('computePodActions: OnFailure with every app container exited 0 creates no new sandbox', () => {
    given(...initDone, ev.exited('app', 0))
      .when(ev.sandboxDied())
      .thenRejected('pod_finished');
  });

  it('PodSandboxChanged: each sandbox owns one Pod IP; a new sandbox gets its own', () => {
    given(...initDone, ev.sandboxDied())
      .when(ev.sandboxReady('10.244.1.2'))
      .thenAccepted((o) => {
        expect(o.pod?.ctx.podIP).toBe('10.244.1.2');
        expect(o.pod?.ctx.sandbox).toBe(2);
      });
  });

  it('createPodSandbox: containers need a ready sandbox', () => {
    given(node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxFailed())
      .when(ev.started('app'))
      .thenRejected('no_sandbox');
  });
});
