// What the Pod machine's guards say when they refuse (podGuards): the gate a removal names that
// the Pod lacks (ValidatePodUpdate), a volume that keeps the sandbox from being created
// (SyncPod WaitForAttachAndMount), a second deletion by a controller (eviction_manager.evictPod),
// a kubelet eviction of an unbound Pod, and a lost node's kubelet creating nothing.
import { ev, given, builtInManifests as m, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', { disktype: 'ssd' }, ['nginx:1.25', 'busybox:1.36', 'envoy:1.30']);
const running: Step[] = [
  node,
  ev.podCreated(m.plain),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('app'),
];

describe('ValidatePodUpdate: scheduling gates can only be removed', () => {
  it('a removal naming a gate the Pod lacks names it and the gates the Pod has', () => {
    const r = given(node, ev.podCreated(m.onFailureMesh))
      .when(ev.gatesRemoved('example.com/other'))
      .thenRejected('no_such_scheduling_gate');
    expect(r.rule).toBe('ValidatePodUpdate');
    expect(r.message).toContain(
      'the Pod has no scheduling gate "example.com/other" (gates: example.com/quota)',
    );
  });
});

describe('SyncPod (WaitForAttachAndMount): no sandbox before every volume is mounted', () => {
  it('the refusal says which volume and that the kubelet waits (FailedMount)', () => {
    const r = given(node, ev.podCreated(m.secrets), ev.scheduled())
      .when(ev.sandboxReady())
      .thenRejected('volume_not_mounted');
    expect(r.message).toContain(
      '(FailedMount): the kubelet creates no sandbox until every volume is mounted',
    );
    expect(r.message).toContain('db-creds');
  });
});

describe('eviction_manager.evictPod: evictions of a Pod already being deleted', () => {
  it("a controller's eviction is refused (already_deleting, naming its reason); the kubelet's own still applies", () => {
    const deleting = [...running, ev.deletion(30)];
    const r = given(...deleting)
      .when(ev.evicted('EvictionByEvictionAPI', 'Eviction API: evicting'))
      .thenRejected('already_deleting');
    expect(r.rule).toBe('eviction_manager.evictPod');
    expect(r.message).toContain(
      'the Pod is already being deleted: only the kubelet\'s own eviction (reason Evicted) still applies, not "EvictionByEvictionAPI"',
    );
    given(...deleting)
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenAccepted((o) => expect(o.pod?.ctx.statusReason?.reason).toBe('Evicted'));
  });

  it('the kubelet evicts only a Pod bound to its node', () => {
    const r = given(node, ev.podCreated(m.plain))
      .when(ev.evicted('Evicted', 'The node was low on resource: memory.'))
      .thenRejected('not_bound');
    expect(r.rule).toBe('eviction_manager.synchronize');
  });
});

describe("a lost node's kubelet reports nothing (MarkPodsNotReady)", () => {
  it('no sandbox is created for a Pod bound to a lost node, and none dies', () => {
    const lost = [node, ev.podCreated(m.plain), ev.scheduled('node-1'), ev.nodeLost('node-1')];
    given(...lost)
      .when(ev.sandboxReady())
      .thenRejected('node_lost');
    given(...running, ev.nodeLost('node-1'))
      .when(ev.sandboxDied())
      .thenRejected('node_lost');
  });
});
