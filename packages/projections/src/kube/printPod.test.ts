import type { Container, PodSpec } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { formatPodTable } from './formatPodTable.js';
import { printPod } from './printPod.js';
import type { ContainerState, ContainerStatus, PodObject, PodPhase, PodStatus } from './types.js';

const NOW = Date.parse('2026-01-02T15:04:05Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const S = 1000;
const DAY = 24 * 3600 * S;

/** A ContainerStatus with upstream's zero values for everything not given. */
const st = (p: Partial<ContainerStatus> & { state?: ContainerState } = {}): ContainerStatus => ({
  name: '',
  state: {},
  lastState: {},
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
  ...p,
});
const finished = (ms: number): ContainerState => ({ terminated: { exitCode: 0, finishedAt: ago(ms) } });
/** make([]api.Container, n): n containers with empty names. */
const unnamed = (n: number): Container[] => Array.from({ length: n }, () => ({ name: '', image: '' }));
const pod = (
  name: string,
  spec: Partial<PodSpec>,
  status: Omit<PodStatus, 'phase'> & { phase: string },
  meta = {},
): PodObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...meta },
  spec: { containers: [], ...spec },
  status: { ...status, phase: status.phase as PodPhase },
});
const cells = (p: PodObject) => {
  const r = printPod(p, NOW);
  return [r.name, r.ready, r.status, r.restarts, r.age];
};
const running: ContainerState = { running: {} };
const deleteTime = { deletionTimestamp: ago(10 * S) };

describe('TestPrintPod (pkg/printers/internalversion/printers_test.go)', () => {
  const cases: [string, PodObject, string[]][] = [
    [
      'name, num of containers, restarts, container ready status',
      pod(
        'test1',
        { containers: unnamed(2) },
        {
          phase: 'podPhase',
          containerStatuses: [st({ ready: true, restartCount: 3, state: running }), st({ restartCount: 3 })],
        },
      ),
      ['test1', '1/2', 'podPhase', '6', '<unknown>'],
    ],
    [
      'container error overwrites pod phase',
      pod(
        'test2',
        { containers: unnamed(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: running }),
            st({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }),
          ],
        },
      ),
      ['test2', '1/2', 'ContainerWaitingReason', '6', '<unknown>'],
    ],
    [
      'terminated state, the first container overwrites the rest',
      pod(
        'test3',
        { containers: unnamed(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            st({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }),
            st({
              state: { terminated: { exitCode: 0, reason: 'ContainerTerminatedReason' } },
              restartCount: 3,
            }),
          ],
        },
      ),
      ['test3', '0/2', 'ContainerWaitingReason', '6', '<unknown>'],
    ],
    [
      'ready is not enough for reporting running',
      pod(
        'test4',
        { containers: unnamed(2) },
        {
          phase: 'podPhase',
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: running }),
            st({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ['test4', '1/2', 'podPhase', '6', '<unknown>'],
    ],
    [
      'pod reason wins over phase',
      pod(
        'test5',
        { containers: unnamed(2) },
        {
          reason: 'podReason',
          phase: 'podPhase',
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: running }),
            st({ ready: true, restartCount: 3 }),
          ],
        },
      ),
      ['test5', '1/2', 'podReason', '6', '<unknown>'],
    ],
    [
      'one running, one completed, no ready condition → NotReady',
      pod(
        'test6',
        { containers: unnamed(2) },
        {
          phase: 'Running',
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }),
            st({ ready: true, restartCount: 3, state: running }),
          ],
        },
      ),
      ['test6', '1/2', 'NotReady', '6', '<unknown>'],
    ],
    [
      'one running, one completed, Ready condition → Running',
      pod(
        'test6',
        { containers: unnamed(2) },
        {
          phase: 'Running',
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: { terminated: { reason: 'Completed', exitCode: 0 } } }),
            st({ ready: true, restartCount: 3, state: running }),
          ],
        },
      ),
      ['test6', '1/2', 'Running', '6', '<unknown>'],
    ],
    [
      '1 init container restarting and 1 container not running',
      pod(
        'test7',
        { initContainers: unnamed(1), containers: unnamed(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [st({ restartCount: 3, state: running, lastState: finished(10 * S) })],
          containerStatuses: [st({ state: { waiting: {} } })],
        },
      ),
      ['test7', '0/1', 'Init:0/1', '3 (10s ago)', '<unknown>'],
    ],
    [
      '2 init containers, one restarting, the other not running',
      pod(
        'test8',
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            st({ restartCount: 3, state: running, lastState: finished(10 * S) }),
            st({ state: { waiting: {} } }),
          ],
          containerStatuses: [st({ state: { waiting: {} } })],
        },
      ),
      ['test8', '0/1', 'Init:0/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      '2 init containers, one completed without restarts, the other restarting',
      pod(
        'test9',
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            st({ state: { terminated: { exitCode: 0 } } }),
            st({ restartCount: 3, state: running, lastState: finished(10 * S) }),
          ],
          containerStatuses: [st({ state: { waiting: {} } })],
        },
      ),
      ['test9', '0/1', 'Init:1/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      '2 init containers, one completed with restarts, the other restarting',
      pod(
        'test10',
        { initContainers: unnamed(2), containers: unnamed(1) },
        {
          phase: 'podPhase',
          initContainerStatuses: [
            st({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: finished(2 * 60 * S) }),
            st({ restartCount: 3, state: running, lastState: finished(10 * S) }),
          ],
          containerStatuses: [st({ state: { waiting: {} } })],
        },
      ),
      ['test10', '0/1', 'Init:1/2', '5 (10s ago)', '<unknown>'],
    ],
    [
      '1 init container completed with restarts and one container restarting',
      pod(
        'test11',
        { initContainers: unnamed(1), containers: unnamed(1) },
        {
          phase: 'Running',
          initContainerStatuses: [
            st({ restartCount: 2, state: { terminated: { exitCode: 0 } }, lastState: finished(2 * 60 * S) }),
          ],
          containerStatuses: [st({ restartCount: 4, state: running, lastState: finished(20 * S) })],
        },
      ),
      ['test11', '0/1', 'Running', '4 (20s ago)', '<unknown>'],
    ],
    [
      '1 container that restarted 5d ago',
      pod(
        'test12',
        { containers: unnamed(1) },
        {
          phase: 'Running',
          containerStatuses: [
            st({ ready: true, restartCount: 3, state: running, lastState: finished(5 * DAY) }),
          ],
        },
      ),
      ['test12', '1/1', 'Running', '3 (5d ago)', '<unknown>'],
    ],
    [
      '2 containers, one never restarted, the other restarted 10d ago',
      pod(
        'test13',
        { containers: unnamed(2) },
        {
          phase: 'Running',
          containerStatuses: [
            st({ ready: true, state: running }),
            st({ ready: true, restartCount: 3, state: running, lastState: finished(10 * DAY) }),
          ],
        },
      ),
      ['test13', '2/2', 'Running', '3 (10d ago)', '<unknown>'],
    ],
    [
      '2 containers, restarted 5d and 20d ago',
      pod(
        'test14',
        { containers: unnamed(2) },
        {
          phase: 'Running',
          containerStatuses: [
            st({ ready: true, restartCount: 6, state: running, lastState: finished(5 * DAY) }),
            st({ ready: true, restartCount: 3, state: running, lastState: finished(20 * DAY) }),
          ],
        },
      ),
      ['test14', '2/2', 'Running', '9 (5d ago)', '<unknown>'],
    ],
    [
      'PodScheduled condition with reason SchedulingGated',
      pod(
        'test15',
        { containers: unnamed(2) },
        {
          phase: 'podPhase',
          conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }],
        },
      ),
      ['test15', '0/2', 'SchedulingGated', '0', '<unknown>'],
    ],
    [
      'pod condition succeed',
      pod(
        'test16',
        { containers: unnamed(1) },
        {
          phase: 'Succeeded',
          containerStatuses: [st({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })],
        },
      ),
      ['test16', '0/1', 'Completed', '0', '<unknown>'],
    ],
    [
      'pod condition failed',
      pod(
        'test17',
        { containers: unnamed(1) },
        {
          phase: 'Failed',
          containerStatuses: [st({ state: { terminated: { reason: 'Error', exitCode: 1 } } })],
        },
      ),
      ['test17', '0/1', 'Error', '0', '<unknown>'],
    ],
    [
      'pod condition succeed with deletion',
      pod(
        'test18',
        { containers: unnamed(1) },
        {
          phase: 'Succeeded',
          containerStatuses: [st({ state: { terminated: { reason: 'Completed', exitCode: 0 } } })],
        },
        deleteTime,
      ),
      ['test18', '0/1', 'Completed', '0', '<unknown>'],
    ],
    [
      'pod condition running with deletion',
      pod(
        'test19',
        { containers: unnamed(1) },
        { phase: 'Running', containerStatuses: [st({ state: running })] },
        deleteTime,
      ),
      ['test19', '0/1', 'Terminating', '0', '<unknown>'],
    ],
    [
      'pod condition pending with deletion',
      pod('test20', { containers: unnamed(1) }, { phase: 'Pending' }, deleteTime),
      ['test20', '0/1', 'Terminating', '0', '<unknown>'],
    ],
  ];
  it.each(cases)('printPod: %s', (_title, p, expected) => expect(cells(p)).toEqual(expected));

  it('printPod: Succeeded/Failed rows carry the Completed row condition (podSuccessConditions / podFailedConditions)', () => {
    expect(printPod(cases[16]?.[1] as PodObject, NOW).completed).toEqual({
      reason: 'Succeeded',
      message: 'The pod has completed successfully.',
    });
    expect(printPod(cases[17]?.[1] as PodObject, NOW).completed).toEqual({
      reason: 'Failed',
      message: 'The pod failed.',
    });
    expect(printPod(cases[0]?.[1] as PodObject, NOW).completed).toBeUndefined();
  });
});

describe('TestPrintPodWithRestartableInitContainer (printers_test.go)', () => {
  const sidecars: Partial<PodSpec> = {
    initContainers: [
      { name: 'restartable-init-1', image: '', restartPolicy: 'Always' },
      { name: 'restartable-init-2', image: '', restartPolicy: 'Always' },
    ],
    containers: unnamed(1),
  };
  const init1 = (p: Partial<ContainerStatus>) =>
    st({ name: 'restartable-init-1', restartCount: 3, lastState: finished(10 * S), ...p });
  const init2 = (p: Partial<ContainerStatus>) => st({ name: 'restartable-init-2', ...p });
  const initialized = (status: 'True' | 'False') => [{ type: 'Initialized', status }];
  const cases: [string, PodObject, string[]][] = [
    [
      '2 sidecars, the first running but not started',
      pod('test1', sidecars, {
        phase: 'Pending',
        conditions: initialized('False'),
        initContainerStatuses: [
          init1({ state: running, started: false }),
          init2({ state: { waiting: {} }, started: false }),
        ],
        containerStatuses: [st({ state: { waiting: {} } })],
      }),
      ['test1', '0/3', 'Init:0/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      '2 sidecars, the first started, the second running but not started',
      pod('test1', sidecars, {
        phase: 'Pending',
        conditions: initialized('False'),
        initContainerStatuses: [
          init1({ state: running, started: true }),
          init2({ state: running, started: false }),
        ],
        containerStatuses: [st({ state: { waiting: {} } })],
      }),
      ['test1', '0/3', 'Init:1/2', '3 (10s ago)', '<unknown>'],
    ],
    [
      '2 sidecars started and 1 container running',
      pod('test2', sidecars, {
        phase: 'Running',
        conditions: initialized('True'),
        initContainerStatuses: [
          init1({ state: running, started: true }),
          init2({ state: running, started: true }),
        ],
        containerStatuses: [
          st({ ready: true, restartCount: 4, state: running, lastState: finished(20 * S) }),
        ],
      }),
      ['test2', '1/3', 'Running', '7 (10s ago)', '<unknown>'],
    ],
    [
      '2 sidecars completed with non-zero and 1 container completed',
      pod('test3', sidecars, {
        phase: 'Succeeded',
        conditions: initialized('True'),
        initContainerStatuses: [
          init1({ state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false }),
          init2({ state: { terminated: { reason: 'Error', exitCode: 137 } }, started: false }),
        ],
        containerStatuses: [
          st({
            restartCount: 4,
            state: { terminated: { reason: 'Completed', exitCode: 0 } },
            lastState: finished(20 * S),
          }),
        ],
      }),
      ['test3', '0/3', 'Completed', '7 (10s ago)', '<unknown>'],
    ],
    [
      'statuses for non-existent initContainers and containers',
      pod(
        'test4',
        {
          initContainers: [
            { name: 'init1', image: 'initimage' },
            { name: 'sidecar1', image: 'sidecarimage', restartPolicy: 'Always' },
          ],
          containers: [{ name: 'container1', image: 'containerimage' }],
        },
        {
          phase: 'Running',
          initContainerStatuses: [
            st({ name: 'initinvalid' }),
            st({ name: 'init1' }),
            st({ name: 'sidecar1' }),
          ],
          containerStatuses: [st({ name: 'containerinvalid' }), st({ name: 'container1' })],
        },
      ),
      ['test4', '0/2', 'Init:0/2', '0', '<unknown>'],
    ],
  ];
  it.each(cases)('printPod: %s', (_title, p, expected) => expect(cells(p)).toEqual(expected));
});

describe('TestPrintPodwide (printers_test.go)', () => {
  const gates = {
    readinessGates: ['condition1', 'condition2', 'condition3'].map((conditionType) => ({ conditionType })),
  };
  const conds = [
    { type: 'condition1', status: 'False' as const },
    { type: 'condition2', status: 'True' as const },
  ];
  const wide = (p: PodObject) => {
    const r = printPod(p, NOW);
    return [r.name, r.ready, r.status, r.restarts, r.age, r.ip, r.node, r.nominatedNode, r.readinessGates];
  };
  const statuses = [st({ ready: true, restartCount: 3, state: running }), st({ restartCount: 3 })];
  it('printPod: NodeName and PodIP set', () => {
    const p = pod(
      'test1',
      { containers: unnamed(2), nodeName: 'test1', ...gates },
      {
        phase: 'podPhase',
        conditions: conds,
        podIPs: [{ ip: '1.1.1.1' }],
        containerStatuses: statuses,
        nominatedNodeName: 'node1',
      },
    );
    expect(wide(p)).toEqual([
      'test1',
      '1/2',
      'podPhase',
      '6',
      '<unknown>',
      '1.1.1.1',
      'test1',
      'node1',
      '1/3',
    ]);
  });
  it('printPod: dual-stack shows the first podIP', () => {
    const p = pod(
      'test1',
      { containers: unnamed(2), nodeName: 'test1', ...gates },
      {
        phase: 'podPhase',
        conditions: conds,
        podIPs: [{ ip: '1.1.1.1' }, { ip: '2001:db8::' }],
        containerStatuses: statuses,
        nominatedNodeName: 'node1',
      },
    );
    expect(wide(p)).toEqual([
      'test1',
      '1/2',
      'podPhase',
      '6',
      '<unknown>',
      '1.1.1.1',
      'test1',
      'node1',
      '1/3',
    ]);
  });
  it('printPod: NodeName and PodIP none', () => {
    const p = pod(
      'test2',
      { containers: unnamed(2) },
      {
        phase: 'podPhase',
        containerStatuses: [
          st({ ready: true, restartCount: 3, state: running }),
          st({ state: { waiting: { reason: 'ContainerWaitingReason' } }, restartCount: 3 }),
        ],
      },
    );
    expect(wide(p)).toEqual([
      'test2',
      '1/2',
      'ContainerWaitingReason',
      '6',
      '<unknown>',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });
});

describe('TestPrintNonTerminatedPod / TestPrintPodConditions (printers_test.go)', () => {
  const statuses = [st({ ready: true, restartCount: 3, state: running }), st({ restartCount: 3 })];
  it.each(['Running', 'Pending', 'Unknown', 'Succeeded', 'Failed'])(
    'printPod: phase %s is printed',
    (phase) => {
      expect(cells(pod('t', { containers: unnamed(2) }, { phase, containerStatuses: statuses }))).toEqual([
        't',
        '1/2',
        phase,
        '6',
        '<unknown>',
      ]);
    },
  );
});

describe('printPod beyond the upstream tables (derived from printPod)', () => {
  it('printPod: NodeLost with a deletionTimestamp shows Unknown', () => {
    const p = pod('lost', { containers: unnamed(1) }, { phase: 'Running', reason: 'NodeLost' }, deleteTime);
    expect(printPod(p, NOW).status).toBe('Unknown');
  });
  it('printPod: terminated init container without reason → Init:ExitCode / Init:Signal', () => {
    const init = { initContainers: unnamed(1), containers: unnamed(1) };
    expect(
      printPod(
        pod('a', init, {
          phase: 'Pending',
          initContainerStatuses: [st({ state: { terminated: { exitCode: 2 } } })],
        }),
        NOW,
      ).status,
    ).toBe('Init:ExitCode:2');
    expect(
      printPod(
        pod('a', init, {
          phase: 'Pending',
          initContainerStatuses: [st({ state: { terminated: { exitCode: 137, signal: 9 } } })],
        }),
        NOW,
      ).status,
    ).toBe('Init:Signal:9');
    expect(
      printPod(
        pod('a', init, {
          phase: 'Pending',
          initContainerStatuses: [st({ state: { waiting: { reason: 'CrashLoopBackOff' } } })],
        }),
        NOW,
      ).status,
    ).toBe('Init:CrashLoopBackOff');
  });
  it('printPod: terminated container without reason → ExitCode:n / Signal:n', () => {
    expect(
      printPod(
        pod(
          'a',
          { containers: unnamed(1) },
          { phase: 'Running', containerStatuses: [st({ state: { terminated: { exitCode: 3 } } })] },
        ),
        NOW,
      ).status,
    ).toBe('ExitCode:3');
    expect(
      printPod(
        pod(
          'a',
          { containers: unnamed(1) },
          {
            phase: 'Running',
            containerStatuses: [st({ state: { terminated: { exitCode: 143, signal: 15 } } })],
          },
        ),
        NOW,
      ).status,
    ).toBe('Signal:15');
  });
  it('printPod: AGE is HumanDuration since creationTimestamp', () => {
    const p = pod('a', { containers: unnamed(1) }, { phase: 'Pending' }, { creationTimestamp: ago(190 * S) });
    expect(printPod(p, NOW).age).toBe('3m10s');
  });
});

describe('formatPodTable (kubectl table printer: minwidth 6, padding 3)', () => {
  const statuses = [st({ ready: true, restartCount: 3, state: running, lastState: finished(5 * 60 * S) })];
  const p = pod(
    'web',
    { containers: unnamed(1), nodeName: 'node-1' },
    { phase: 'Running', podIPs: [{ ip: '10.244.0.5' }], containerStatuses: statuses },
    { creationTimestamp: ago(DAY + 3600 * S) },
  );
  it('formatPodTable: default columns', () => {
    expect(formatPodTable([printPod(p, NOW)])).toBe(
      'NAME   READY   STATUS    RESTARTS     AGE\n' + 'web    1/1     Running   3 (5m ago)   25h\n',
    );
  });
  it('formatPodTable: wide columns and no headers', () => {
    expect(formatPodTable([printPod(p, NOW)], { wide: true, noHeaders: true })).toBe(
      'web   1/1   Running   3 (5m ago)   25h   10.244.0.5   node-1   <none>   <none>\n',
    );
    expect(formatPodTable([printPod(p, NOW)], { wide: true }).split('\n')[0]).toBe(
      'NAME   READY   STATUS    RESTARTS     AGE   IP           NODE     NOMINATED NODE   READINESS GATES',
    );
  });
  it('formatPodTable: no rows and no headers prints nothing', () => {
    expect(formatPodTable([], { noHeaders: true })).toBe('');
  });
});
