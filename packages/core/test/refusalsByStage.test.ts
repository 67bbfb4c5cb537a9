// Why a Pod event cannot happen in the Pod's stage (rejections.ts noTransitionReason): the
// scheduling gates hold the scheduler's verdicts too (SchedulingGates.PreEnqueue), and a fact
// no stage explains is named with the state it cannot happen in.
import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', { disktype: 'ssd' }, ['nginx:1.25', 'busybox:1.36', 'envoy:1.30']);
const gated = [node, ev.podCreated(m.onFailureMesh)];
const bound = [node, ev.podCreated(m.plain), ev.scheduled('node-1')];

describe('SchedulingGates.PreEnqueue: a gated Pod is not considered by the scheduler', () => {
  it('neither a binding nor an unschedulable verdict happens while gates remain', () => {
    for (const step of [ev.scheduled('node-1'), ev.unschedulable()]) {
      const r = given(...gated)
        .when(step)
        .thenRejected('scheduling_gated');
      expect(r.rule).toBe('SchedulingGates.PreEnqueue');
    }
  });

  it('other facts of a gated Pod get the reasons of any unscheduled Pod', () => {
    given(...gated)
      .when(ev.started('worker'))
      .thenRejected('not_scheduled');
    given(...gated)
      .when(ev.sandboxReady())
      .thenRejected('not_scheduled');
    const removed = given(...gated)
      .when(ev.removed())
      .thenRejected('deletion_not_requested');
    expect(removed.message).toContain('pod.deletion.requested first');
  });
});

describe('a fact no stage explains: not_in_state names the state', () => {
  it('an unschedulable verdict for a bound Pod, and a sandbox failure once the sandbox is ready', () => {
    const r = given(...bound)
      .when(ev.unschedulable())
      .thenRejected('not_in_state');
    expect(r.rule).toBe('pod machine');
    expect(r.message).toContain('it cannot happen while the Pod is sandbox.creating');
    const running = given(...bound, ev.sandboxReady())
      .when(ev.sandboxFailed())
      .thenRejected('not_in_state');
    expect(running.message).toContain('it cannot happen while the Pod is containers.startingApps');
  });
});
