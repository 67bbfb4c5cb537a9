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
        expect(o.pod?.value).toBe('scheduled');
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
