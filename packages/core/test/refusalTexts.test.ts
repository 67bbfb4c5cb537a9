// Refusal messages of the Pod machine's stages (noTransitionReason) and parseTime's calendar
// (issue 17: mutants of rejections.ts and parseTime.ts no test saw).
import { parseTime } from '@podstate/core';
import { ev, given } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const pod = (spec: Record<string, unknown> = {}) =>
  ev.podCreated({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec },
  });

describe('noTransitionReason: why an event has no transition in the Pod state', () => {
  it('ValidatePodUpdate: removing scheduling gates from a Pod that has none', () => {
    const r = given(node, pod(), ev.scheduled())
      .when(ev.gatesRemoved('example.com/hold'))
      .thenRejected('no_such_scheduling_gate');
    expect(r.message).toContain('the Pod has no scheduling gates');
  });

  it('SchedulingGates PreEnqueue: a gated Pod is not scheduled until its gates are removed', () => {
    const r = given(node, pod({ schedulingGates: [{ name: 'example.com/hold' }] }))
      .when(ev.scheduled())
      .thenRejected('scheduling_gated');
    expect(r.message).toContain(
      'the Pod has scheduling gates (spec.schedulingGates): the scheduler does not consider it until they are removed (pod.scheduling-gates.removed)',
    );
  });

  it('a Pod whose containers all stopped after deletion waits for removal: its containers never run again', () => {
    const r = given(
      node,
      pod(),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.deletion(30),
      ev.exited('web', 0),
    )
      .when(ev.started('web'))
      .thenRejected('pod_finished');
    expect(r.message).toContain('its containers never run again');
  });
});

describe('noTransitionReason: pod.removed before any deletion (the API server removes only a deleted Pod)', () => {
  it.each([
    ['scheduling', [node, pod()]],
    ['sandbox', [node, pod(), ev.scheduled()]],
    ['containers', [node, pod(), ev.scheduled(), ev.sandboxReady(), ev.started('web')]],
  ] as const)('%s stage: deletion_not_requested, "pod.deletion.requested first"', (_stage, steps) => {
    const r = given(...steps)
      .when(ev.removed())
      .thenRejected('deletion_not_requested');
    expect(r.message).toBe('pod.removed for Pod default/web rejected: pod.deletion.requested first');
  });

  it('a finished Pod: BeforeDelete, "pod.removed needs pod.deletion.requested first"', () => {
    const r = given(
      node,
      pod({ restartPolicy: 'Never' }),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.exited('web', 0),
    )
      .when(ev.removed())
      .thenRejected('deletion_not_requested');
    expect(r.rule).toBe('BeforeDelete');
    expect(r.message).toBe(
      'pod.removed for Pod default/web rejected: pod.removed needs pod.deletion.requested first',
    );
  });
});

describe('noTransitionReason: a running Pod and a Pod being deleted', () => {
  const running = [node, pod(), ev.scheduled(), ev.sandboxReady(), ev.started('web')] as const;
  // A grace period keeps the container running while the Pod terminates.
  const deleting = [...running, ev.deletion(30)] as const;

  it('a running Pod already has its sandbox: sandbox_exists', () => {
    const r = given(...running)
      .when(ev.sandboxReady('10.244.0.9'))
      .thenRejected('sandbox_exists');
    expect(r.message).toBe(
      'pod.sandbox.ready for Pod default/web rejected: the Pod already has a ready sandbox (pod.sandbox.died first)',
    );
  });

  it('ShouldContainerBeRestarted: nothing starts while the Pod terminates', () => {
    const r = given(...deleting)
      .when(ev.pulled('web'))
      .thenRejected('pod_terminating');
    expect(r.rule).toBe('ShouldContainerBeRestarted');
    expect(r.message).toBe(
      'container.image.pulled for app container "web" of Pod default/web rejected: the Pod is being deleted: nothing starts while it terminates',
    );
  });

  it('podResourcesAreReclaimed: a bound Pod is removed only after all its containers stopped', () => {
    const r = given(...deleting)
      .when(ev.removed())
      .thenRejected('containers_running');
    expect(r.rule).toBe('podResourcesAreReclaimed');
    expect(r.message).toBe(
      'pod.removed for Pod default/web rejected: the kubelet removes a bound Pod only after all its containers have stopped',
    );
  });

  it.each([
    ['pod.scheduled', ev.scheduled()],
    ['pod.sandbox.ready', ev.sandboxReady('10.244.0.9')],
  ] as const)('%s while the Pod terminates: pod_terminating, "the Pod is being deleted"', (type, step) => {
    const r = given(...deleting)
      .when(step)
      .thenRejected('pod_terminating');
    expect(r.message).toBe(`${type} for Pod default/web rejected: the Pod is being deleted`);
  });
});

describe('noTransitionReason: a terminating Pod refuses the scheduler and sandbox failures as facts of no state it is in', () => {
  const deleting = [
    node,
    pod(),
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('web'),
    ev.deletion(30),
  ] as const;
  it.each([
    ['pod.unschedulable', ev.unschedulable()],
    ['pod.sandbox.failed', ev.sandboxFailed()],
  ] as const)(
    '%s while the containers stop: not_in_state, naming the state (not "the Pod is being deleted")',
    (type, step) => {
      const r = given(...deleting)
        .when(step)
        .thenRejected('not_in_state');
      expect(r.message).toBe(
        `${type} for Pod default/web rejected: it cannot happen while the Pod is terminating.stoppingContainers`,
      );
    },
  );
});

describe('parseTime: the Gregorian leap-year rule (daysInMonth)', () => {
  it('February 29 of leap and common years (2024, 2000, 2023, 1900, 2100) reads as Date.parse reads it', () => {
    for (const s of [
      '2024-02-29T00:00:00.000Z',
      '2000-02-29T12:00:00Z',
      '2023-02-29T00:00:00.000Z',
      '1900-02-29T00:00:00.000Z',
      '2100-02-29T00:00:00Z',
    ])
      expect(parseTime(s)).toBe(Date.parse(s));
    expect(parseTime('2024-02-29T00:00:00.000Z')).toBe(Date.UTC(2024, 1, 29));
  });
});
