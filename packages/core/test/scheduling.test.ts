import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

describe('scheduling: nodeSelector and nodeName', () => {
  it('PodMatchNodeSelector: a node without the selected label is refused, naming the label', () => {
    given(ev.nodeRegistered('node-1', { disktype: 'hdd' }), ev.podCreated(m.gated))
      .when(ev.scheduled('node-1'))
      .thenRejected('node_selector_mismatch');
  });

  it('PodMatchNodeSelector: a node with the selected label accepts the Pod', () => {
    given(ev.nodeRegistered('node-1', { disktype: 'ssd' }), ev.podCreated(m.gated))
      .when(ev.scheduled('node-1'))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('sandbox.creating');
        expect(o.pod?.ctx.node).toBe('node-1');
      });
  });

  it('NodeName: spec.nodeName binds only to that node', () => {
    const pinned = { ...m.plain, spec: { ...m.plain.spec, nodeName: 'node-2' } };
    given(ev.nodeRegistered('node-1'), ev.nodeRegistered('node-2'), ev.podCreated(pinned))
      .when(ev.scheduled('node-1'))
      .thenRejected('node_name_mismatch');
  });

  it('scheduling: with no registered node any node name is accepted', () => {
    given(ev.podCreated(m.plain)).when(ev.scheduled('anything-7')).thenAccepted();
  });

  it('scheduling: once a node is registered an unknown node name is refused', () => {
    given(ev.nodeRegistered('node-1'), ev.podCreated(m.plain))
      .when(ev.scheduled('node-9'))
      .thenRejected('node_not_registered');
  });

  it('scheduling: a lost node is not a candidate', () => {
    given(ev.nodeRegistered('node-1'), ev.nodeLost('node-1'), ev.podCreated(m.plain))
      .when(ev.scheduled('node-1'))
      .thenRejected('node_not_ready');
  });

  it('scheduling: a bound Pod is not scheduled again', () => {
    given(ev.podCreated(m.plain), ev.scheduled('node-1'))
      .when(ev.scheduled('node-1'))
      .thenRejected('already_bound');
  });

  it('scheduling: containers cannot start before the Pod is bound', () => {
    given(ev.podCreated(m.plain)).when(ev.started('app')).thenRejected('not_scheduled');
  });
});

describe('scheduling gates (issue 10 item 12)', () => {
  const gated = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'gated', namespace: 'default' },
    spec: {
      schedulingGates: [{ name: 'example.com/quota' }, { name: 'example.com/review' }],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    },
  };
  const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);

  it('applySchedulingGatedCondition / SchedulingGates.PreEnqueue: a Pod created with gates is SchedulingGated and pod.scheduled is refused', () => {
    given(node)
      .when(ev.podCreated(gated))
      .thenAccepted((o) => expect(o.pod?.value).toBe('scheduling.gated'));
    given(node, ev.podCreated(gated)).when(ev.scheduled()).thenRejected('scheduling_gated');
    given(node, ev.podCreated(gated), ev.gatesRemoved('example.com/quota'))
      .when(ev.scheduled())
      .thenRejected('scheduling_gated');
  });

  it('SchedulingGates.PreEnqueue: removing the last gate makes the Pod schedulable', () => {
    given(node, ev.podCreated(gated), ev.gatesRemoved('example.com/quota'))
      .when(ev.gatesRemoved('example.com/review'))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('scheduling.queued');
        expect(o.pod?.ctx.pod.spec.schedulingGates).toBeUndefined();
      });
    given(node, ev.podCreated(gated), ev.gatesRemoved('example.com/quota', 'example.com/review'))
      .when(ev.scheduled())
      .thenAccepted((o) => expect(o.pod?.value).toBe('sandbox.creating'));
  });

  it('ValidatePodUpdate: gates can only be removed, so removing one the Pod lacks is refused', () => {
    given(node, ev.podCreated(gated))
      .when(ev.gatesRemoved('example.com/other'))
      .thenRejected('no_such_scheduling_gate');
    given(node, ev.podCreated(m.plain))
      .when(ev.gatesRemoved('example.com/quota'))
      .thenRejected('no_such_scheduling_gate');
  });

  it('CheckGracefulDelete: deleting a gated Pod removes it at once', () => {
    given(node, ev.podCreated(gated))
      .when(ev.deletion())
      .thenAccepted((o) => expect(o.engine.removed.has('u1')).toBe(true));
  });
});
