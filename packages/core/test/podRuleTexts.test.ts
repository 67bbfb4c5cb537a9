// What a user reads when podRules.ts refuses a fact or kills containers: the upstream rule named in
// the refusal, its message, and the terminated state a kill leaves (issue 17: podRules.ts mutants
// no test saw).
import type { RefusalCode } from '@podstate/core';
import { ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const images = ['nginx:1.25', 'busybox:1.36', 'envoy:1.30'];
const node = ev.nodeRegistered('node-1', {}, images);
const pod = (spec: Record<string, unknown>, name = 'web', uid = 'u1'): Step =>
  ev.podCreated({ apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec }, uid);
const app = (name: string) => ({ name, image: 'nginx:1.25' });
const up = [ev.scheduled(), ev.sandboxReady()];

/** The refusal of `when` after `steps`: its code, the upstream rule it names, and the message's reason. */
function refusal(steps: Step[], when: Step, code: RefusalCode) {
  const r = given(...steps)
    .when(when)
    .thenRejected(code);
  return { rule: r.rule, reason: r.message.slice(r.message.indexOf('rejected: ') + 'rejected: '.length) };
}

describe('scheduling refusals name the scheduler plugin and the mismatch', () => {
  it('schedulePod: an unknown node is refused naming the registered nodes, not the implicit one an earlier binding made', () => {
    const steps = [
      pod({ containers: [app('a')] }, 'first', 'u1'),
      ev.scheduled('anything-7'),
      node,
      ev.nodeRegistered('node-2'),
      pod({ containers: [app('a')] }, 'second', 'u2'),
    ];
    expect(refusal(steps, ev.scheduled('node-9'), 'node_not_registered')).toEqual({
      rule: 'schedulePod',
      reason: 'node "node-9" is not registered (registered: node-1, node-2)',
    });
  });

  it('NodeName.Filter: spec.nodeName names the only node the Pod binds to', () => {
    const steps = [node, ev.nodeRegistered('node-2'), pod({ nodeName: 'node-2', containers: [app('a')] })];
    expect(refusal(steps, ev.scheduled('node-1'), 'node_name_mismatch')).toEqual({
      rule: 'NodeName.Filter',
      reason: 'spec.nodeName is "node-2", not "node-1"',
    });
  });

  it('TaintToleration.Filter: a lost node (node.kubernetes.io/unreachable) is not a candidate', () => {
    const steps = [node, ev.nodeLost('node-1'), pod({ containers: [app('a')] })];
    expect(refusal(steps, ev.scheduled('node-1'), 'node_not_ready')).toEqual({
      rule: 'TaintToleration.Filter',
      reason: 'node "node-1" is not ready (node.lost): the scheduler does not bind to it',
    });
  });

  it("NodeAffinity.Filter: the message shows the node's value of the selected label, or <unset>", () => {
    const selecting = pod({ nodeSelector: { disktype: 'ssd' }, containers: [app('a')] });
    expect(refusal([node, selecting], ev.scheduled('node-1'), 'node_selector_mismatch')).toEqual({
      rule: 'NodeAffinity.Filter',
      reason: `node "node-1" does not match the Pod's nodeSelector disktype=ssd (node has disktype=<unset>)`,
    });
    const hdd = ev.nodeRegistered('node-1', { disktype: 'hdd' }, images);
    expect(refusal([hdd, selecting], ev.scheduled('node-1'), 'node_selector_mismatch').reason).toBe(
      `node "node-1" does not match the Pod's nodeSelector disktype=ssd (node has disktype=hdd)`,
    );
  });
});

describe('container refusals name the kubelet function and the container that blocks', () => {
  it('computeInitContainerActions: a sidecar without a startup probe "has not started"; an initialized Pod runs no init container again', () => {
    const sidecar = { name: 'log', image: 'envoy:1.30', restartPolicy: 'Always' };
    expect(
      refusal(
        [node, pod({ initContainers: [sidecar], containers: [app('a')] }), ...up],
        ev.started('a'),
        'sidecar_not_started',
      ),
    ).toEqual({ rule: 'computeInitContainerActions', reason: 'sidecar "log" has not started' });
    const init = { name: 'setup', image: 'busybox:1.36' };
    const initialized = [
      node,
      pod({ initContainers: [init], containers: [app('a')] }),
      ...up,
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('a'),
    ];
    expect(refusal(initialized, ev.started('setup'), 'pod_initialized')).toEqual({
      rule: 'computeInitContainerActions',
      reason: 'the Pod is initialized: init container "setup" does not run again in this sandbox',
    });
  });

  it('computeInitContainerActions: the kubelet pulls no app image before the init containers completed, so a pull failure is refused', () => {
    const steps = [
      node,
      pod({ initContainers: [{ name: 'setup', image: 'busybox:1.36' }], containers: [app('web')] }),
      ...up,
    ];
    expect(refusal(steps, ev.pullFailed('web'), 'init_not_completed')).toEqual({
      rule: 'computeInitContainerActions',
      reason: 'init container "setup" has not completed',
    });
  });

  it("WaitForAttachAndMount: a start after the volume's ConfigMap was deleted names the volume and the fix", () => {
    const steps = [
      node,
      ev.configMapApplied('cfg'),
      pod({ volumes: [{ name: 'v', configMap: { name: 'cfg' } }], containers: [app('web')] }),
      ...up,
      ev.configMapDeleted('cfg'),
    ];
    expect(refusal(steps, ev.started('web'), 'volume_not_mounted')).toEqual({
      rule: 'WaitForAttachAndMount',
      reason:
        'MountVolume.SetUp failed for volume "v" : configmap "cfg" not found (FailedMount): apply the object first',
    });
  });

  it('a second start of a running container is refused by the container machine, naming its state "running (up)"', () => {
    const steps = [node, pod({ containers: [app('web')] }), ...up, ev.started('web')];
    expect(refusal(steps, ev.started('web'), 'container_state')).toEqual({
      rule: 'container machine',
      reason: 'container "web" is running (up)',
    });
  });

  it('a fact for a container the Pod spec lacks lists the containers it has', () => {
    const steps = [node, pod({ containers: [app('web'), app('db')] }), ...up];
    expect(refusal(steps, ev.started('nope'), 'no_such_container')).toEqual({
      rule: 'pod spec',
      reason: 'Pod default/web has no container "nope" (containers: web, db)',
    });
  });

  it('killContainersWithSyncResult: a sidecar exit while two app containers run names both of them', () => {
    const sidecar = { name: 'log', image: 'envoy:1.30', restartPolicy: 'Always' };
    const steps = [
      node,
      pod({ initContainers: [sidecar], containers: [app('a'), app('b')] }),
      ...up,
      ev.started('log'),
      ev.started('a'),
      ev.started('b'),
      ev.deletion(30),
    ];
    expect(refusal(steps, ev.exited('log', 0), 'sidecars_stop_last')).toEqual({
      rule: 'killContainersWithSyncResult',
      reason: 'sidecar "log" stops after the app containers ("a", "b" still running)',
    });
  });
});

describe('killRunning: what a kill leaves in the container status', () => {
  it('KillPod on sandbox death: the killed run ends 137 Error, from its own start to the death', () => {
    given(node, pod({ containers: [app('web')] }), ...up, ev.started('web'), ev.wait(10))
      .when(ev.sandboxDied())
      .thenAccepted((o) => {
        const started = o.container('web').ctx.startedAt;
        expect(started).toBe(Date.parse(o.event.time) - 11_000);
        expect(o.container('web').ctx.current).toEqual({
          exitCode: 137,
          reason: 'Error',
          startedAt: started,
          finishedAt: Date.parse(o.event.time),
        });
      });
  });

  it('eviction_manager evictPod: a container that had already exited keeps its own exit; only the running one is killed', () => {
    given(
      node,
      pod({ restartPolicy: 'OnFailure', containers: [app('a'), app('b')] }),
      ...up,
      ev.started('a'),
      ev.started('b'),
      ev.exited('a', 0),
      ev.wait(10),
    )
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.container('a').ctx.current).toMatchObject({ exitCode: 0, reason: 'Completed' });
        expect(o.container('b').ctx.current).toMatchObject({ exitCode: 137, reason: 'Error' });
      });
  });

  it('eviction_manager evictPod: an Always Pod evicted after its app exited 0 ends Failed, not Succeeded', () => {
    given(node, pod({ containers: [app('a')] }), ...up, ev.started('a'), ev.exited('a', 0))
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => {
        expect(o.container('a').ctx.current?.exitCode).toBe(0);
        expect(o.pod?.value).toBe('finished.failed');
        expect(o.pod?.ctx.terminalPhase).toBe('Failed');
      });
  });
});
