import type { PodSpec } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import {
  c,
  notReadyStatus,
  notStartedStatus,
  readyStatus,
  sidecar,
  startedStatus,
} from '../../test/testStatuses.js';
import {
  type GeneratedCondition,
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
  generatePodReadyToStartContainersCondition,
} from './generateConditions.js';
import { mergeConditions } from './mergeConditions.js';
import type { ContainerStatus, PodCondition, PodPhase } from './types.js';

const cond = (type: string, status: 'True' | 'False', reason = '', message = ''): GeneratedCondition => ({
  type,
  status,
  ...(reason ? { reason } : {}),
  ...(message ? { message } : {}),
});
const spec = (containers: string[], extra: Partial<PodSpec> = {}): PodSpec => ({
  containers: containers.map(c),
  ...extra,
});
const twoSidecars = { initContainers: [sidecar('restartable-init-1'), sidecar('restartable-init-2')] };

describe('TestGenerateContainersReadyCondition (pkg/kubelet/status/generate_test.go)', () => {
  const cases: [PodSpec, ContainerStatus[] | null, PodPhase, GeneratedCondition][] = [
    [spec([]), null, 'Running', cond('ContainersReady', 'False', 'UnknownContainerStatuses')],
    [spec([]), [], 'Running', cond('ContainersReady', 'True')],
    [
      spec(['1234']),
      [],
      'Running',
      cond('ContainersReady', 'False', 'ContainersNotReady', 'containers with unknown status: [1234]'),
    ],
    [
      spec(['1234', '5678']),
      [readyStatus('1234'), readyStatus('5678')],
      'Running',
      cond('ContainersReady', 'True'),
    ],
    [
      spec(['1234', '5678']),
      [readyStatus('1234')],
      'Running',
      cond('ContainersReady', 'False', 'ContainersNotReady', 'containers with unknown status: [5678]'),
    ],
    [
      spec(['1234', '5678']),
      [readyStatus('1234'), notReadyStatus('5678')],
      'Running',
      cond('ContainersReady', 'False', 'ContainersNotReady', 'containers with unready status: [5678]'),
    ],
    [spec(['1234']), [notReadyStatus('1234')], 'Succeeded', cond('ContainersReady', 'False', 'PodCompleted')],
    [
      spec(['regular-1'], { initContainers: [sidecar('restartable-init-1')] }),
      [readyStatus('regular-1')],
      'Running',
      cond(
        'ContainersReady',
        'False',
        'ContainersNotReady',
        'containers with unknown status: [restartable-init-1]',
      ),
    ],
    [
      spec(['regular-1'], twoSidecars),
      [readyStatus('restartable-init-1'), readyStatus('restartable-init-2'), readyStatus('regular-1')],
      'Running',
      cond('ContainersReady', 'True'),
    ],
    [
      spec(['regular-1'], twoSidecars),
      [readyStatus('restartable-init-1'), readyStatus('regular-1')],
      'Running',
      cond(
        'ContainersReady',
        'False',
        'ContainersNotReady',
        'containers with unknown status: [restartable-init-2]',
      ),
    ],
    [
      spec(['regular-1'], twoSidecars),
      [readyStatus('restartable-init-1'), notReadyStatus('restartable-init-2'), readyStatus('regular-1')],
      'Running',
      cond(
        'ContainersReady',
        'False',
        'ContainersNotReady',
        'containers with unready status: [restartable-init-2]',
      ),
    ],
  ];
  it.each(cases.map((x, i) => [i, ...x] as const))(
    'generateContainersReadyCondition: case %i',
    (_i, s, statuses, phase, expected) => {
      expect(generateContainersReadyCondition(s, statuses, phase)).toEqual(expected);
    },
  );

  it('generateContainersReadyCondition: Failed phase → PodFailed even with ready containers', () => {
    expect(generateContainersReadyCondition(spec(['a']), [readyStatus('a')], 'Failed')).toEqual(
      cond('ContainersReady', 'False', 'PodFailed'),
    );
  });
  it('generateContainersReadyCondition: unknown and unready clauses joined by ", "', () => {
    expect(
      generateContainersReadyCondition(
        spec(['a', 'b', 'c']),
        [notReadyStatus('a'), notReadyStatus('c')],
        'Running',
      ).message,
    ).toBe('containers with unknown status: [b], containers with unready status: [a c]');
  });
});

describe('TestGeneratePodReadyCondition (pkg/kubelet/status/generate_test.go)', () => {
  const gate = (...names: string[]) => ({
    readinessGates: names.map((conditionType) => ({ conditionType })),
  });
  const pc = (type: string, status: 'True' | 'False'): PodCondition => ({ type, status });
  const cases: [
    PodSpec,
    PodCondition[] | undefined,
    ContainerStatus[] | null,
    PodPhase,
    GeneratedCondition,
  ][] = [
    [spec([]), undefined, null, 'Running', cond('Ready', 'False', 'UnknownContainerStatuses')],
    [spec([]), undefined, [], 'Running', cond('Ready', 'True')],
    [
      spec(['1234']),
      undefined,
      [],
      'Running',
      cond('Ready', 'False', 'ContainersNotReady', 'containers with unknown status: [1234]'),
    ],
    [
      spec(['1234', '5678']),
      undefined,
      [readyStatus('1234'), readyStatus('5678')],
      'Running',
      cond('Ready', 'True'),
    ],
    [
      spec(['1234', '5678']),
      undefined,
      [readyStatus('1234')],
      'Running',
      cond('Ready', 'False', 'ContainersNotReady', 'containers with unknown status: [5678]'),
    ],
    [
      spec(['1234', '5678']),
      undefined,
      [readyStatus('1234'), notReadyStatus('5678')],
      'Running',
      cond('Ready', 'False', 'ContainersNotReady', 'containers with unready status: [5678]'),
    ],
    [
      spec(['1234']),
      undefined,
      [notReadyStatus('1234')],
      'Succeeded',
      cond('Ready', 'False', 'PodCompleted'),
    ],
    [
      spec([], gate('gate1')),
      undefined,
      [],
      'Running',
      cond(
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'corresponding condition of pod readiness gate "gate1" does not exist.',
      ),
    ],
    [
      spec([], gate('gate1')),
      [pc('gate1', 'False')],
      [],
      'Running',
      cond(
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'the status of pod readiness gate "gate1" is not "True", but False',
      ),
    ],
    [spec([], gate('gate1')), [pc('gate1', 'True')], [], 'Running', cond('Ready', 'True')],
    [
      spec([], gate('gate1', 'gate2')),
      [pc('gate1', 'True')],
      [],
      'Running',
      cond(
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'corresponding condition of pod readiness gate "gate2" does not exist.',
      ),
    ],
    [
      spec([], gate('gate1', 'gate2')),
      [pc('gate1', 'True'), pc('gate2', 'False')],
      [],
      'Running',
      cond(
        'Ready',
        'False',
        'ReadinessGatesNotReady',
        'the status of pod readiness gate "gate2" is not "True", but False',
      ),
    ],
    [
      spec([], gate('gate1', 'gate2')),
      [pc('gate1', 'True'), pc('gate2', 'True')],
      [],
      'Running',
      cond('Ready', 'True'),
    ],
    [
      spec(['1234'], gate('gate1')),
      [pc('gate1', 'True')],
      [notReadyStatus('1234')],
      'Running',
      cond('Ready', 'False', 'ContainersNotReady', 'containers with unready status: [1234]'),
    ],
  ];
  it.each(cases.map((x, i) => [i, ...x] as const))(
    'generatePodReadyCondition: case %i',
    (_i, s, conditions, statuses, phase, expected) => {
      expect(generatePodReadyCondition(s, conditions, statuses, phase)).toEqual(expected);
    },
  );
});

describe('TestGeneratePodInitializedCondition (pkg/kubelet/status/generate_test.go)', () => {
  const noInit = spec([]);
  const oneInit = spec(['regular'], { initContainers: [c('1234')] });
  const twoInit = spec(['regular'], { initContainers: [c('1234'), c('5678')] });
  const oneSidecar = spec(['regular'], { initContainers: [sidecar('1234')] });
  const regular = (state: ContainerStatus['state']): ContainerStatus => ({
    ...notReadyStatus('regular'),
    state,
  });
  // Upstream compares type, status and reason only; the message column adds what generate.go formats.
  const cases: [PodSpec, ContainerStatus[] | null, PodPhase, 'True' | 'False', string, string][] = [
    [twoInit, null, 'Running', 'False', 'UnknownContainerStatuses', ''],
    [noInit, [], 'Running', 'True', '', ''],
    [oneInit, [], 'Running', 'False', 'ContainersNotInitialized', 'containers with unknown status: [1234]'],
    [twoInit, [readyStatus('1234'), readyStatus('5678')], 'Running', 'True', '', ''],
    [
      twoInit,
      [readyStatus('1234')],
      'Running',
      'False',
      'ContainersNotInitialized',
      'containers with unknown status: [5678]',
    ],
    [
      twoInit,
      [readyStatus('1234'), notReadyStatus('5678')],
      'Running',
      'False',
      'ContainersNotInitialized',
      'containers with incomplete status: [5678]',
    ],
    [oneInit, [readyStatus('1234')], 'Succeeded', 'True', 'PodCompleted', ''],
    [
      oneSidecar,
      [notStartedStatus('1234')],
      'Pending',
      'False',
      'ContainersNotInitialized',
      'containers with incomplete status: [1234]',
    ],
    [oneSidecar, [startedStatus('1234')], 'Running', 'True', '', ''],
    [oneSidecar, [notStartedStatus('1234'), regular({ running: {} })], 'Running', 'True', '', ''],
    [
      oneInit,
      [{ ...notReadyStatus('1234'), state: { waiting: {} } }, regular({ terminated: { exitCode: 0 } })],
      'Running',
      'True',
      '',
      '',
    ],
  ];
  it.each(cases.map((x, i) => [i, ...x] as const))(
    'generatePodInitializedCondition: case %i',
    (_i, s, statuses, phase, status, reason, message) => {
      expect(generatePodInitializedCondition(s, statuses, phase)).toEqual(
        cond('Initialized', status, reason, message),
      );
    },
  );
  it('generatePodInitializedCondition: no init containers and Succeeded → True/PodCompleted (no early return)', () => {
    expect(generatePodInitializedCondition(noInit, [], 'Succeeded')).toEqual(
      cond('Initialized', 'True', 'PodCompleted'),
    );
  });
});

describe('generatePodReadyToStartContainersCondition (pkg/kubelet/status/generate.go)', () => {
  it('generatePodReadyToStartContainersCondition: sandbox ready → True, else False without reason', () => {
    expect(generatePodReadyToStartContainersCondition(true)).toEqual(
      cond('PodReadyToStartContainers', 'True'),
    );
    expect(generatePodReadyToStartContainersCondition(false)).toEqual(
      cond('PodReadyToStartContainers', 'False'),
    );
  });
});

describe('mergeConditions (status_manager.go updateLastTransitionTime)', () => {
  const t0 = '2026-01-02T15:04:05Z';
  it('updateLastTransitionTime: a new condition gets now, truncated to seconds', () => {
    expect(
      mergeConditions(
        undefined,
        [cond('Ready', 'False', 'ContainersNotReady', 'm')],
        '2026-01-02T15:04:05.987Z',
      ),
    ).toEqual([
      {
        type: 'Ready',
        status: 'False',
        lastProbeTime: null,
        lastTransitionTime: t0,
        reason: 'ContainersNotReady',
        message: 'm',
      },
    ]);
  });
  it('updateLastTransitionTime: same status keeps the old time even if reason/message change', () => {
    const old: PodCondition[] = [{ type: 'Ready', status: 'False', lastTransitionTime: t0, reason: 'A' }];
    const [merged] = mergeConditions(old, [cond('Ready', 'False', 'B')], '2026-01-02T16:00:00Z');
    expect(merged).toMatchObject({ lastTransitionTime: t0, reason: 'B' });
  });
  it('updateLastTransitionTime: a status change takes now', () => {
    const old: PodCondition[] = [{ type: 'Ready', status: 'False', lastTransitionTime: t0 }];
    const [merged] = mergeConditions(old, [cond('Ready', 'True')], Date.parse('2026-01-02T16:00:00Z'));
    expect(merged).toEqual({
      type: 'Ready',
      status: 'True',
      lastProbeTime: null,
      lastTransitionTime: '2026-01-02T16:00:00Z',
    });
  });
});
