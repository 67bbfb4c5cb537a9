/**
 * pkg/kubelet/status/generate_test.go (condition generators) and the container status
 * conversion of kubelet_pods_test.go / kubelet_test.go, driven through events and projected.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod } from './drive.js';
import { bound, init, sidecar, testPod } from './shapes.js';

const A = 'containerA';
const B = 'containerB';
const cond = (pod: ProjectedPod, type: string) => {
  const c = pod.status.conditions?.find((x) => x.type === type);
  return c && { status: c.status, reason: c.reason, message: c.message };
};
const gated = (gates: string[]) => {
  const m = testPod('Always', [], [A]);
  (m.spec as Record<string, unknown>).readinessGates = gates.map((conditionType) => ({ conditionType }));
  return m;
};

describe('TestGenerateContainersReadyCondition / TestGeneratePodReadyCondition (through the engine)', () => {
  it('generateContainersReadyCondition: "not all containers are ready" → ContainersNotReady with the unready list', () => {
    const pod = drive([...bound(testPod('Always')), ev.started(A)]).pod();
    const want = {
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [containerB]',
    };
    expect(cond(pod, 'ContainersReady')).toEqual(want);
    expect(cond(pod, 'Ready')).toEqual(want);
  });

  it('generateContainersReadyCondition: "all containers are ready" → True', () => {
    const pod = drive([...bound(testPod('Always')), ev.started(A), ev.started(B)]).pod();
    expect(cond(pod, 'ContainersReady')).toEqual({ status: 'True' });
    expect(cond(pod, 'Ready')).toEqual({ status: 'True' });
  });

  it('generateContainersReadyCondition: a sidecar that is not ready counts (restartable init containers)', () => {
    const m = testPod('Always', [sidecar('proxy', true)], [A]);
    const pod = drive([...bound(m), ev.started('proxy')]).pod();
    expect(cond(pod, 'ContainersReady')?.message).toBe('containers with unready status: [proxy containerA]');
  });

  it('generateContainersReadyCondition: "Succeeded phase" → PodCompleted; "Failed phase" → PodFailed', () => {
    const ok = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(A),
      ev.exited(B),
    ]).pod();
    expect(cond(ok, 'ContainersReady')).toEqual({ status: 'False', reason: 'PodCompleted' });
    expect(cond(ok, 'Ready')).toEqual({ status: 'False', reason: 'PodCompleted' });
    const bad = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(A, 1),
      ev.exited(B),
    ]).pod();
    expect(cond(bad, 'ContainersReady')).toEqual({ status: 'False', reason: 'PodFailed' });
  });

  it('generatePodReadyCondition: "readiness gate condition does not exist" / "is not True" → ReadinessGatesNotReady', () => {
    const missing = drive([...bound(gated(['example.com/lb'])), ev.started(A)]).pod();
    expect(cond(missing, 'Ready')).toEqual({
      status: 'False',
      reason: 'ReadinessGatesNotReady',
      message: 'corresponding condition of pod readiness gate "example.com/lb" does not exist.',
    });
    const two = drive([
      ...bound(gated(['a.io/one', 'a.io/two'])),
      ev.started(A),
      ev.gate('a.io/two', 'False'),
    ]).pod();
    expect(cond(two, 'Ready')?.message).toBe(
      'corresponding condition of pod readiness gate "a.io/one" does not exist., the status of pod readiness gate "a.io/two" is not "True", but False',
    );
    const ok = drive([
      ...bound(gated(['example.com/lb'])),
      ev.started(A),
      ev.gate('example.com/lb', 'True'),
    ]).pod();
    expect(cond(ok, 'Ready')).toEqual({ status: 'True' });
    expect(cond(ok, 'ContainersReady')).toEqual({ status: 'True' });
  });
});

describe('TestGeneratePodInitializedCondition (through the engine)', () => {
  const m = testPod('Always', [init('setup'), sidecar('proxy')], [A]);
  it('generatePodInitializedCondition: init containers not done → ContainersNotInitialized with the incomplete list', () => {
    const pod = drive([...bound(m), ev.started('setup')]).pod();
    expect(cond(pod, 'Initialized')).toEqual({
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with incomplete status: [setup proxy]',
    });
  });

  it('generatePodInitializedCondition: regular init completed and sidecar started → True', () => {
    const pod = drive([...bound(m), ev.started('setup'), ev.exited('setup'), ev.started('proxy')]).pod();
    expect(cond(pod, 'Initialized')).toEqual({ status: 'True' });
  });

  it('generatePodInitializedCondition: no init containers and Succeeded → True with PodCompleted', () => {
    const pod = drive([...bound(testPod('Never', [], [A])), ev.started(A), ev.exited(A)]).pod();
    expect(cond(pod, 'Initialized')).toEqual({ status: 'True', reason: 'PodCompleted' });
  });

  it('updateLastTransitionTime: a condition keeps its lastTransitionTime while its status holds', () => {
    const d = drive([...bound(testPod('Always', [], [A])), ev.started(A), ev.wait(30)]);
    const ready = d.pod().status.conditions?.find((c) => c.type === 'Ready');
    expect(ready?.lastTransitionTime).toBe('2026-01-01T00:00:04Z');
  });
});

describe('convertToAPIContainerStatuses (TestConvertToAPIContainerStatuses, TestGenerateAPIPodStatusWithReasonCache)', () => {
  it('convertToAPIContainerStatuses: default waiting reason is ContainerCreating, PodInitializing with init containers', () => {
    const plain = drive(bound(testPod('Always', [], [A]))).pod();
    expect(plain.status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    const withInit = drive(bound(testPod('Always', [init('setup')], [A]))).pod();
    expect(withInit.status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(withInit.status.initContainerStatuses?.[0]?.state).toEqual({
      waiting: { reason: 'PodInitializing' },
    });
  });

  it('convertToAPIContainerStatuses: created → waiting with no reason; the previous run moves to lastState on restart', () => {
    const created = drive([...bound(testPod('Always', [], [A])), ev.created(A)]).pod();
    expect(created.status.containerStatuses?.[0]?.state).toEqual({ waiting: {} });
    const s = drive([
      ...bound(testPod('Always', [], [A])),
      ev.started(A),
      ev.exited(A, 2),
      ev.started(A),
    ]).pod().status.containerStatuses?.[0];
    expect(s).toMatchObject({ restartCount: 1, ready: true, started: true, state: { running: {} } });
    expect(s?.lastState.terminated).toMatchObject({ exitCode: 2, reason: 'Error' });
  });

  it('TestGenerateAPIPodStatusWithReasonCache: a crash inside the back-off → CrashLoopBackOff with its message, last run in lastState', () => {
    const s = drive([
      ...bound(testPod('Always', [], [A])),
      ev.started(A),
      ev.exited(A, 1),
      ev.started(A),
      ev.exited(A, 1),
    ]).pod().status.containerStatuses?.[0];
    expect(s?.state).toEqual({
      waiting: {
        reason: 'CrashLoopBackOff',
        message: 'back-off 10s restarting failed container=containerA pod=foo_default(u1)',
      },
    });
    expect(s?.lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(s).toMatchObject({ ready: false, restartCount: 1 });
  });

  it('TestGenerateAPIPodStatusWithDifferentRestartPolicies: Never keeps the exit as state; OnFailure restarts only failures', () => {
    const never = drive([...bound(testPod('Never')), ev.started(A), ev.started(B), ev.exited(A, 1)]).pod();
    expect(never.status.containerStatuses?.[0]?.state.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
    });
    const onFailure = drive([
      ...bound(testPod('OnFailure')),
      ev.started(A),
      ev.started(B),
      ev.exited(A, 0),
      ev.exited(B, 1),
    ]);
    expect(onFailure.pod().status.containerStatuses?.map((s) => s.state.terminated?.reason)).toEqual([
      'Completed',
      'Error',
    ]);
    expect(onFailure.pod().status.phase).toBe('Running');
  });

  it('TerminatePod: a Pod that failed initialization keeps its regular containers waiting; they are not ContainerStatusUnknown', () => {
    const pod = drive([
      ...bound(testPod('Never', [init('setup'), init('migrate')], [A])),
      ev.started('setup'),
      ev.exited('setup', 1),
    ]).pod();
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.containerStatuses?.[0]?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
    // initializedContainers: the trailing never-started init container stays waiting too.
    expect(pod.status.initContainerStatuses?.[1]?.state).toEqual({ waiting: { reason: 'PodInitializing' } });
  });

  it('TerminatePod: an initialized Pod deleted with a container never started reports it ContainerStatusUnknown (exit 137)', () => {
    const pod = drive([...bound(testPod('Always')), ev.started(A), ev.deletion(), ev.exited(A)]).pod();
    expect(pod.status.phase).toBe('Failed');
    expect(pod.status.containerStatuses?.[1]?.state).toEqual({
      terminated: {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'The container could not be located when the pod was terminated',
      },
    });
  });
});
