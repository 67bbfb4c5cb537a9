/**
 * Upstream table cases that no legal event sequence reaches. Each asserts both halves: the
 * engine refuses the fact that would lead there (with its reason), and the pure upstream
 * function still gives the upstream answer on the hand-built statuses of the case.
 */
import { ev } from '@podstate/core/testing';
import {
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  getPhase,
} from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { drive, refusal } from './drive.js';
import { bound, init, sidecar, testPod } from './shapes.js';

const A = 'containerA';
const X = 'containerX';
const Y = 'containerY';
const st = (name: string, state: object, lastState: object = {}) => ({
  name,
  state,
  lastState,
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
});
const specOf = (m: { spec: object }) => m.spec as Parameters<typeof getPhase>[0];

describe('unreachable upstream cases (the engine refuses the way there)', () => {
  it('getPhase: TestPodPhaseWithRestartNeverInitContainers "init container waiting, terminated non-zero" — Never never restarts a failed init container', () => {
    const m = testPod('Never', [init(X)]);
    expect(refusal([...bound(m), ev.started(X), ev.exited(X, 1), ev.started(X)])).toBe('pod_finished');
    const waitingNZ = st(X, { waiting: {} }, { terminated: { exitCode: -1 } });
    expect(getPhase(specOf(m), [waitingNZ], false, false)).toBe('Failed');
  });

  it('getPhase: TestPodPhaseWithRestartNeverInitContainers "init container waiting, terminated zero" — under Never a dead sandbox is not re-created (computePodActions), so the init container never runs again', () => {
    const m = testPod('Never', [init(X)]);
    expect(refusal([...bound(m), ev.started(X), ev.exited(X, 0), ev.sandboxDied(), ev.sandboxReady()])).toBe(
      'pod_finished',
    );
    const waiting0 = st(X, { waiting: {} }, { terminated: { exitCode: 0 } });
    expect(getPhase(specOf(m), [waiting0], false, false)).toBe('Pending');
  });

  it('getPhase: TestPodPhaseWithRestartAlwaysAndPodHasRun "regular init containers, restartable init container and regular container are all running" — no regular container runs beside a running init container (I3)', () => {
    const m = testPod('Always', [init(X), sidecar(Y)], [A]);
    const reinit = [
      ev.started(X),
      ev.exited(X),
      ev.started(Y),
      ev.started(A),
      ev.sandboxDied(),
      ev.sandboxReady(),
      ev.started(X),
    ];
    expect(refusal([...bound(m), ...reinit, ev.started(A)])).toBe('init_not_completed');
    const running = (n: string) => st(n, { running: {} });
    expect(getPhase(specOf(m), [running(X), running(Y), running(A)], false, false)).toBe('Pending');
  });

  it('generateContainersReadyCondition / generatePodInitializedCondition: nil statuses (UnknownContainerStatuses) — the projection always reports one status per spec container', () => {
    const m = testPod('Always', [init(X)]);
    // Once bound, every spec container has a status; before binding there are no kubelet conditions.
    const pod = drive(bound(m)).pod();
    expect(pod.status.initContainerStatuses?.map((s) => s.name)).toEqual([X]);
    expect(pod.status.containerStatuses?.map((s) => s.name)).toEqual([A, 'containerB']);
    const unbound = drive(bound(m).slice(0, 2)).pod();
    expect(unbound.status.conditions).toBeUndefined();
    expect(generateContainersReadyCondition(specOf(m), null, 'Running')).toEqual({
      type: 'ContainersReady',
      status: 'False',
      reason: 'UnknownContainerStatuses',
    });
    expect(generatePodInitializedCondition(specOf(m), null, 'Running')).toEqual({
      type: 'Initialized',
      status: 'False',
      reason: 'UnknownContainerStatuses',
    });
  });
});
