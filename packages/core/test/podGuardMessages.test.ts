// The words of the Pod machine's guards (podGuards.ts) where a list is named: a user reads which
// names were wrong and which are right.
import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);

describe('ValidatePodUpdate (scheduling gates can only be removed): every wrong gate and every gate the Pod has', () => {
  it('two unknown gates against two gates: both lists comma-separated', () => {
    const gated = {
      ...m.plain,
      spec: {
        ...m.plain.spec,
        schedulingGates: [{ name: 'example.com/quota' }, { name: 'example.com/zone' }],
      },
    };
    const r = given(node, ev.podCreated(gated))
      .when(ev.gatesRemoved('example.com/a', 'example.com/quota', 'example.com/b'))
      .thenRejected('no_such_scheduling_gate');
    expect(r.message).toContain(
      'the Pod has no scheduling gate "example.com/a", "example.com/b" (gates: example.com/quota, example.com/zone)',
    );
  });
});
