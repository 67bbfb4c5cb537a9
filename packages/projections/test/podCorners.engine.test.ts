/**
 * The Pod-level corners of the fidelity issue (issue 10: 3, 4, 5, 8, 12, 13), driven through the
 * engine and projected as the API shows them. Each title names the upstream function.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod, podManifest } from './drive.js';
import { bound, node, testPod } from './shapes.js';

const A = 'containerA';
const B = 'containerB';
const cond = (pod: ProjectedPod, type: string) => {
  const c = pod.status.conditions?.find((x) => x.type === type);
  return c && { status: c.status, reason: c.reason, message: c.message };
};

describe('a terminal Pod has no sandbox (issue 10 item 5)', () => {
  it('computePodActions (KillPod) + GeneratePodReadyToStartContainersCondition: PodReadyToStartContainers=False once the Pod Succeeded', () => {
    const d = drive([...bound(testPod('Never')), ev.started(A), ev.started(B), ev.exited(A, 0)]);
    expect(cond(d.pod(), 'PodReadyToStartContainers')).toEqual({ status: 'True' });
    const done = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(A, 0),
      ev.exited(B, 0),
    ]).pod();
    expect(done.status.phase).toBe('Succeeded');
    expect(cond(done, 'PodReadyToStartContainers')).toEqual({ status: 'False' });
  });

  it('SyncTerminatingPod + GeneratePodReadyToStartContainersCondition: PodReadyToStartContainers=False once a deleted Pod Failed', () => {
    const pod = drive([
      ...bound(testPod('Always')),
      ev.started(A),
      ev.started(B),
      ev.deletion(30),
      ev.exited(A, 143),
      ev.exited(B, 143),
    ]).pod();
    expect(pod.status.phase).toBe('Failed');
    expect(cond(pod, 'PodReadyToStartContainers')).toEqual({ status: 'False' });
  });
});

describe('kubelet eviction marks the Pod as a disruption target (issue 10 item 3)', () => {
  const message = 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi.';

  it('eviction_manager.go synchronize + generateAPIPodStatus: DisruptionTarget=True, reason TerminationByKubelet, message the eviction message', () => {
    const pod = drive([
      ...bound(testPod('Always')),
      ev.started(A),
      ev.started(B),
      ev.evicted('Evicted', message),
    ]).pod();
    expect(pod.status).toMatchObject({ phase: 'Failed', reason: 'Evicted', message });
    expect(cond(pod, 'DisruptionTarget')).toEqual({
      status: 'True',
      reason: 'TerminationByKubelet',
      message,
    });
  });

  it('UpdatePodCondition: the kubelet eviction replaces the taint manager DisruptionTarget of a Pod being deleted', () => {
    const pod = drive([
      ...bound(testPod('Always')),
      ev.started(A),
      ev.started(B),
      ev.evicted('DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint'),
      ev.evicted('Evicted', message),
    ]).pod();
    expect(pod.status.conditions?.filter((c) => c.type === 'DisruptionTarget')).toHaveLength(1);
    expect(cond(pod, 'DisruptionTarget')).toEqual({
      status: 'True',
      reason: 'TerminationByKubelet',
      message,
    });
  });
});

describe('scheduling gates (issue 10 item 12)', () => {
  const gated = podManifest('gated', {
    schedulingGates: [{ name: 'example.com/quota' }],
    containers: [{ name: A, image: 'nginx:1.25' }],
  });

  it('applySchedulingGatedCondition + printPod: PodScheduled=False reason SchedulingGated, STATUS SchedulingGated', () => {
    const d = drive([node, ev.podCreated(gated)]);
    expect(cond(d.pod(), 'PodScheduled')).toEqual({
      status: 'False',
      reason: 'SchedulingGated',
      message: 'Scheduling is blocked due to non-empty scheduling gates',
    });
    expect(d.row().status).toBe('SchedulingGated');
  });

  it('SchedulingGates.PreEnqueue: once the last gate is removed the Pod is Pending, then scheduled and running', () => {
    const ungated = drive([node, ev.podCreated(gated), ev.gatesRemoved('example.com/quota')]);
    expect(cond(ungated.pod(), 'PodScheduled')).toBeUndefined();
    expect(ungated.row().status).toBe('Pending');
    expect(ungated.pod().spec.schedulingGates).toBeUndefined();
    const running = drive([
      node,
      ev.podCreated(gated),
      ev.gatesRemoved('example.com/quota'),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started(A),
    ]);
    expect(cond(running.pod(), 'PodScheduled')).toEqual({ status: 'True' });
    expect(running.row().status).toBe('Running');
  });

  it('handleSchedulingFailure (schedule_one.go): a Pod no node fits has PodScheduled=False reason Unschedulable with the scheduler’s message', () => {
    const d = drive([
      node,
      ev.podCreated(testPod('Always')),
      ev.unschedulable('0/1 nodes are available: 1 Insufficient cpu.'),
    ]);
    expect(cond(d.pod(), 'PodScheduled')).toEqual({
      status: 'False',
      reason: 'Unschedulable',
      message: '0/1 nodes are available: 1 Insufficient cpu.',
    });
    expect(d.pod().status.phase).toBe('Pending');
  });
});

describe('no sandbox before the volumes mount (issue 10 item 4)', () => {
  const withSecret = podManifest('web', {
    containers: [
      { name: A, image: 'nginx:1.25', volumeMounts: [{ name: 'creds', mountPath: '/etc/creds' }] },
    ],
    volumes: [{ name: 'creds', secret: { secretName: 'creds' } }],
  });

  it('SyncPod (WaitForAttachAndMount): a missing Secret volume keeps the Pod ContainerCreating, PodReadyToStartContainers=False, no Pod IP', () => {
    const d = drive([node, ev.podCreated(withSecret), ev.scheduled()]);
    const pod = d.pod();
    expect(cond(pod, 'PodReadyToStartContainers')).toEqual({ status: 'False' });
    expect(pod.status.podIP).toBeUndefined();
    expect(pod.status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(d.row().status).toBe('ContainerCreating');
  });

  it('SyncPod: once the Secret appears the sandbox is created and the container runs', () => {
    const d = drive([
      node,
      ev.podCreated(withSecret),
      ev.scheduled(),
      ev.secretApplied('creds'),
      ev.sandboxReady(),
      ev.started(A),
    ]);
    expect(cond(d.pod(), 'PodReadyToStartContainers')).toEqual({ status: 'True' });
    expect(d.row().status).toBe('Running');
  });
});
