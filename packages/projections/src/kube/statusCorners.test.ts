// Corners of getPhase and the condition generators the upstream tables do not reach: statuses
// with an empty state (neither waiting, running nor terminated: lifecycle.md §2 "empty state"),
// regular init containers in ContainersReady, a Succeeded Pod with an unknown status.
import { describe, expect, it } from 'vitest';
import {
  c,
  failedState,
  notReadyStatus,
  readyStatus,
  runningState,
  sidecar,
  spec,
  startedState,
  waitingStateWithNonZeroTermination,
} from '../../test/testStatuses.js';
import { generateContainersReadyCondition, generatePodInitializedCondition } from './generateConditions.js';
import { getPhase } from './getPhase.js';

/** A status with an empty state (`state: {}`). */
const empty = notReadyStatus;

describe('getPhase (pkg/kubelet/kubelet_pods.go): a status with an empty state', () => {
  it('getPhase: a regular init container with an empty state is pending (pendingRegularInit)', () => {
    const s = spec({ init: [c('init')], containers: ['a'], restartPolicy: 'Never' });
    expect(getPhase(s, [empty('init'), runningState('a')], false, true)).toBe('Pending');
  });

  it('getPhase: a sidecar with an empty state is pending before initialization and unknown after', () => {
    const s = spec({ init: [sidecar('sc')], containers: ['a', 'b'] });
    expect(getPhase(s, [empty('sc'), runningState('a'), runningState('b')], false, false)).toBe('Pending');
    // unknown++: with the sidecar unknown the Pod is not Running, even once initialized. (Pod b
    // has no status: one more unknown, so a count that went down instead of up would show.)
    expect(getPhase(s, [empty('sc'), runningState('a')], false, true)).toBe('Pending');
  });

  it('getPhase: a regular container with an empty state is unknown: the Pod is not Running', () => {
    const s = spec({ containers: ['a', 'b', 'c'] });
    expect(getPhase(s, [empty('a'), runningState('c')], false, true)).toBe('Pending');
    expect(getPhase(spec({ containers: ['a', 'c'] }), [empty('a'), runningState('c')], false, true)).toBe(
      'Pending',
    );
  });
});

describe('getPhase (pkg/kubelet/kubelet_pods.go): regular init containers and the default restartPolicy', () => {
  const waiting = (name: string) => ({
    ...notReadyStatus(name),
    state: { waiting: { reason: 'PodInitializing' } },
  });

  it('getPhase: a regular init container without a status, or waiting without a last termination, keeps the Pod Pending', () => {
    const s = spec({ init: [c('init')], containers: ['a'] });
    expect(getPhase(s, [runningState('a')], false, true)).toBe('Pending');
    expect(getPhase(s, [waiting('init'), runningState('a')], false, true)).toBe('Pending');
  });

  it('getPhase: restartPolicy defaults to Always — every app container exited 0 is still Running (they restart)', () => {
    const done = { ...notReadyStatus('a'), state: { terminated: { exitCode: 0, reason: 'Completed' } } };
    expect(getPhase(spec({ containers: ['a'] }), [done] as never, false, true)).toBe('Running');
    expect(getPhase(spec({ containers: ['a'], restartPolicy: 'Never' }), [done] as never, false, true)).toBe(
      'Succeeded',
    );
  });
});

describe('getPhase (pkg/kubelet/kubelet_pods.go): sidecars (restartable init containers)', () => {
  const s = spec({ init: [sidecar('sc')], containers: ['a', 'b'] });
  const waitingFresh = (name: string) => ({
    ...notReadyStatus(name),
    state: { waiting: { reason: 'PodInitializing' } },
  });

  it('getPhase: a started sidecar does not hold the Pod Pending before initialization; an unstarted one does', () => {
    expect(getPhase(s, [startedState('sc'), runningState('a'), runningState('b')], false, false)).toBe(
      'Running',
    );
    expect(getPhase(s, [runningState('sc'), runningState('a'), runningState('b')], false, false)).toBe(
      'Pending',
    );
  });

  it('getPhase: a sidecar waiting for its first start keeps the Pod Pending, even initialized (waiting++)', () => {
    expect(getPhase(s, [waitingFresh('sc'), runningState('a'), runningState('b')], false, true)).toBe(
      'Pending',
    );
    // One app waiting as well: two waiting, so a count that went down for the sidecar would show.
    expect(getPhase(s, [waitingFresh('sc'), runningState('a'), waitingFresh('b')], false, true)).toBe(
      'Pending',
    );
  });

  it('getPhase: a sidecar or an app without a status is unknown: Pending, not Running', () => {
    // The sidecar's and b's unknowns add up; a count going down for either would cancel out.
    expect(getPhase(s, [runningState('a')], false, true)).toBe('Pending');
  });
});

describe('getPhase (pkg/kubelet/kubelet_pods.go): stopped containers', () => {
  it('getPhase: a lone app container in CrashLoopBackOff (waiting after a failed run) keeps an Always Pod Running', () => {
    expect(
      getPhase(spec({ containers: ['a'] }), [waitingStateWithNonZeroTermination('a')], false, true),
    ).toBe('Running');
  });

  it('getPhase: a Never Pod with a failed container and another without a status is Pending, not yet Failed', () => {
    const s = spec({ containers: ['a', 'b'], restartPolicy: 'Never' });
    expect(getPhase(s, [failedState('a')], false, true)).toBe('Pending');
    expect(getPhase(s, [failedState('a'), failedState('b')], false, true)).toBe('Failed');
  });
});

describe('GenerateContainersReadyCondition (pkg/kubelet/status/generate.go)', () => {
  it('GenerateContainersReadyCondition: regular init containers do not count, even without a status', () => {
    const s = spec({ init: [c('init')], containers: ['a'] });
    expect(generateContainersReadyCondition(s, [readyStatus('a')], 'Running')).toEqual({
      type: 'ContainersReady',
      status: 'True',
    });
    expect(
      generateContainersReadyCondition(s, [notReadyStatus('init'), readyStatus('a')], 'Running'),
    ).toEqual({
      type: 'ContainersReady',
      status: 'True',
    });
  });

  it('GenerateContainersReadyCondition: a Succeeded Pod with an unknown status is ContainersNotReady, not PodCompleted', () => {
    const s = spec({ containers: ['a', 'b'] });
    expect(generateContainersReadyCondition(s, [notReadyStatus('a')], 'Succeeded')).toEqual({
      type: 'ContainersReady',
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unknown status: [b], containers with unready status: [a]',
    });
  });
});

describe('GeneratePodInitializedCondition (pkg/kubelet/status/generate.go)', () => {
  it('GeneratePodInitializedCondition: unknown statuses make a Pod with init containers not initialized; without init containers there is no early return', () => {
    expect(generatePodInitializedCondition(spec({ containers: ['a'] }), null, 'Pending')).toEqual({
      type: 'Initialized',
      status: 'True',
    });
    expect(
      generatePodInitializedCondition(spec({ init: [c('init')], containers: ['a'] }), null, 'Pending'),
    ).toEqual({
      type: 'Initialized',
      status: 'False',
      reason: 'UnknownContainerStatuses',
    });
  });

  it('GeneratePodInitializedCondition: a Succeeded Pod with an unknown init status is not PodCompleted; unknown and incomplete are both named', () => {
    const s = spec({ init: [c('i1'), c('i2')], containers: ['a'] });
    const waitingApp = { ...notReadyStatus('a'), state: { waiting: {} } };
    expect(generatePodInitializedCondition(s, [notReadyStatus('i2'), waitingApp], 'Succeeded')).toEqual({
      type: 'Initialized',
      status: 'False',
      reason: 'ContainersNotInitialized',
      message: 'containers with unknown status: [i1], containers with incomplete status: [i2]',
    });
    expect(
      generatePodInitializedCondition(s, [readyStatus('i1'), readyStatus('i2'), waitingApp], 'Pending'),
    ).toEqual({
      type: 'Initialized',
      status: 'True',
    });
  });
});
