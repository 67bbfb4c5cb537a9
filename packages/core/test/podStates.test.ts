import { isTerminalPodState, podStage } from '@podstate/core';
import { ev, given, builtInManifests as m, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'fluent-bit:3.0']);
const value = (steps: Step[]) => given(...steps.slice(0, -1)).when(steps.at(-1)!);

describe('the Pod chart names what kubectl tells apart (docs/statecharts.md)', () => {
  it('applySchedulingGatedCondition, scheduleOne, handleSchedulingFailure: gated → queued → unschedulable (with the message) → sandbox.creating', () => {
    const gated = [node, ev.podCreated(m.onFailureMesh)];
    value(gated).thenAccepted((o) => expect(o.pod?.value).toBe('scheduling.gated'));
    const queued = [node, ev.podCreated(m.plain)];
    value(queued).thenAccepted((o) => expect(o.pod?.value).toBe('scheduling.queued'));
    const refused = [...queued, ev.unschedulable('0/1 nodes are available: 1 Insufficient cpu.')];
    value(refused).thenAccepted((o) => {
      expect(o.pod?.value).toBe('scheduling.unschedulable');
      expect(o.pod?.ctx.unschedulable).toBe('0/1 nodes are available: 1 Insufficient cpu.');
    });
    value([...refused, ev.unschedulable('0/2 nodes are available.')]).thenAccepted((o) => {
      expect(o.pod?.value).toBe('scheduling.unschedulable');
      expect(o.pod?.ctx.unschedulable).toBe('0/2 nodes are available.');
    });
    value([...refused, ev.scheduled()]).thenAccepted((o) => expect(o.pod?.value).toBe('sandbox.creating'));
  });

  it('createPodSandbox (FailedCreatePodSandBox) and podSandboxChanged: sandbox.creationFailed, then sandbox.recreating after the sandbox died', () => {
    const bound = [node, ev.podCreated(m.plain), ev.scheduled()];
    value([...bound, ev.sandboxFailed('rpc error')]).thenAccepted((o) =>
      expect(o.pod?.value).toBe('sandbox.creationFailed'),
    );
    value([...bound, ev.sandboxFailed('rpc error'), ev.sandboxReady()]).thenAccepted((o) =>
      expect(o.pod?.value).toBe('containers.startingApps'),
    );
    const died = [...bound, ev.sandboxReady(), ev.started('app'), ev.sandboxDied()];
    value(died).thenAccepted((o) => expect(o.pod?.value).toBe('sandbox.recreating'));
    value([...died, ev.sandboxFailed('rpc error')]).thenAccepted((o) =>
      expect(o.pod?.value).toBe('sandbox.creationFailed'),
    );
  });

  it('computeInitContainerActions: a sidecar in turn (startingSidecars), then the init container in turn (initializing), then the apps (startingApps, running)', () => {
    const up = [node, ev.podCreated(m.sidecarFirst), ev.scheduled(), ev.sandboxReady()];
    value(up).thenAccepted((o) => expect(o.pod?.value).toBe('containers.startingSidecars'));
    const sidecar = [...up, ev.started('log')];
    value(sidecar).thenAccepted((o) => expect(o.pod?.value).toBe('containers.initializing'));
    value([...sidecar, ev.started('setup')]).thenAccepted((o) =>
      expect(o.pod?.value).toBe('containers.initializing'),
    );
    const inits = [...sidecar, ev.started('setup'), ev.exited('setup', 0)];
    value(inits).thenAccepted((o) => expect(o.pod?.value).toBe('containers.startingApps'));
    // A sidecar that exits before the apps start holds them back again.
    value([...inits, ev.exited('log', 1)]).thenAccepted((o) =>
      expect(o.pod?.value).toBe('containers.startingSidecars'),
    );
    value([...inits, ev.started('app')]).thenAccepted((o) => expect(o.pod?.value).toBe('containers.running'));
  });

  it('getPhase: finished.succeeded when every app container exited 0, finished.failed otherwise; the state and the phase agree', () => {
    const running = [
      node,
      ev.podCreated(m.sidecarFirst),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('log'),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('app'),
    ];
    // The kubelet stops the sidecar once the app is done (computePodActions: nothing left to run).
    value([...running, ev.exited('app', 0), ev.exited('log', 143)]).thenAccepted((o) => {
      expect(o.pod?.value).toBe('finished.succeeded');
      expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
    });
    value([...running, ev.exited('app', 2), ev.exited('log', 143)]).thenAccepted((o) => {
      expect(o.pod?.value).toBe('finished.failed');
      expect(o.pod?.ctx.terminalPhase).toBe('Failed');
    });
    // computePodActions: under Never a dead sandbox is not recreated once containers ran; the
    // app had exited 0, so the Pod Succeeded (the sidecar was killed with it).
    value([...running, ev.exited('app', 0), ev.sandboxDied()]).thenAccepted((o) => {
      expect(o.pod?.value).toBe('finished.succeeded');
      expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
    });
    value([...running, ev.sandboxDied()]).thenAccepted((o) => {
      expect(o.pod?.value).toBe('finished.failed');
      expect(o.pod?.ctx.terminalPhase).toBe('Failed');
    });
  });

  it('SyncTerminatingPod then podResourcesAreReclaimed: terminating.stoppingContainers until every container stopped, then terminating.awaitingRemoval until pod.removed', () => {
    const deleting = [
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.deletion(30),
    ];
    value(deleting).thenAccepted((o) => expect(o.pod?.value).toBe('terminating.stoppingContainers'));
    given(...deleting)
      .when(ev.removed())
      .thenRejected('containers_running');
    // ShouldContainerBeRestarted: nothing starts while the Pod terminates (no transition at all).
    given(...deleting)
      .when(ev.started('app'))
      .thenRejected('pod_terminating');
    const stopped = [...deleting, ev.exited('app', 0)];
    value(stopped).thenAccepted((o) => {
      expect(o.pod?.value).toBe('terminating.awaitingRemoval');
      expect(isTerminalPodState(o.pod!.value)).toBe(true);
      expect(o.pod?.ctx.terminalPhase).toBe('Succeeded');
    });
    value([...stopped, ev.removed()]).thenAccepted((o) => expect(o.pod).toBeUndefined());
  });

  it('BeforeDelete: a finished Pod is removed by its deletion request (grace 0); pod.removed alone is refused', () => {
    const done = [
      node,
      ev.podCreated(m.plain),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.evicted('Evicted', 'The node was low on resource: memory.'),
    ];
    value(done).thenAccepted((o) => {
      expect(o.pod?.value).toBe('finished.failed');
      expect(podStage(o.pod!.value)).toBe('finished');
    });
    given(...done)
      .when(ev.removed())
      .thenRejected('deletion_not_requested');
  });
});
