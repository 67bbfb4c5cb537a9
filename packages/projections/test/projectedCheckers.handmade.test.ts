// The projected invariants (src/status/projectedInvariants.ts) on hand-made bad Pod objects that
// the engine never produces, so the checkers `explore` and `podstate run` rely on are shown to
// catch each wrong value they claim to see (issue 17: checkers that see values).
import { ev } from '@podstate/core/testing';
import type { ContainerState, ContainerStatus, ProjectedPodObject } from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod } from './drive.js';
import { checkI2, checkI4, checkI5 } from './podInvariants.js';
import { bound, testPod } from './shapes.js';

/** A copy of `pod` with condition `type` forced to `status`. */
function withCondition(pod: ProjectedPod, type: string, status: 'True' | 'False'): ProjectedPod {
  const bad = structuredClone(pod);
  bad.status.conditions!.find((c) => c.type === type)!.status = status;
  return bad;
}

describe('projected I5 on hand-made Pod objects', () => {
  it('Ready=True while ContainersReady=False is caught by name, even when every container is ready', () => {
    const pod = drive([...bound(testPod('Always', [], ['app'])), ev.started('app')]).pod();
    expect(pod.status.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
    expect(checkI5(pod)).toEqual([]);
    const bad = withCondition(pod, 'ContainersReady', 'False');
    expect(checkI5(bad)).toEqual([
      { invariant: 'I5', message: 'Ready=True while ContainersReady is not True' },
    ]);
  });
});

describe('projected I4 on hand-made Pod objects', () => {
  it('Initialized=True on a Pod object without containerStatuses and an unfinished init container is a violation, not a crash', () => {
    const pod = drive([
      ...bound(testPod('Always', [{ name: 'setup', image: 'busybox:1.36' }])),
      ev.started('setup'),
    ]).pod();
    const bad = withCondition(pod, 'Initialized', 'True');
    delete (bad.status as { containerStatuses?: unknown }).containerStatuses;
    expect(checkI4(bad)).toEqual([
      {
        invariant: 'I4',
        message:
          'Initialized=True but init container(s) setup have not completed and no regular container has run',
      },
    ]);
  });
});

// Pod objects written by hand, field by field: each states only what the rule reads (the spec's
// init containers and readiness gates, the conditions, the container statuses), so each case
// shows one wrong value and the checker's exact answer to it.
const T0 = '2026-01-01T00:00:00Z';
const running: ContainerState = { running: { startedAt: T0 } };
const completed: ContainerState = {
  terminated: { exitCode: 0, reason: 'Completed', startedAt: T0, finishedAt: T0 },
};
const errored: ContainerState = {
  terminated: { exitCode: 1, reason: 'Error', startedAt: T0, finishedAt: T0 },
};
const initializing: ContainerState = { waiting: { reason: 'PodInitializing' } };

/** A container status with the given state, readiness and started flag. */
function cs(
  name: string,
  state: ContainerState,
  ready: boolean,
  started: boolean | undefined,
  lastState: ContainerState = {},
): ContainerStatus {
  return {
    name,
    state,
    lastState,
    ready,
    ...(started !== undefined ? { started } : {}),
    restartCount: 0,
    image: 'busybox:1.36',
    imageID: '',
  };
}

interface HandPod {
  /** spec.initContainers: name → sidecar (restartPolicy Always) or regular; absent: none. */
  inits?: Record<string, 'sidecar' | 'regular'>;
  gates?: string[];
  conditions: Record<string, 'True' | 'False'>;
  initStatuses?: ContainerStatus[];
  appStatuses?: ContainerStatus[];
}

/** A projected Pod object built from `h` (one app container `app` in the spec). */
function handPod(h: HandPod): ProjectedPodObject {
  const inits = h.inits;
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'hand', namespace: 'default', uid: 'u1' },
    spec: {
      ...(inits !== undefined
        ? {
            initContainers: Object.entries(inits).map(([name, role]) => ({
              name,
              image: 'busybox:1.36',
              ...(role === 'sidecar' ? { restartPolicy: 'Always' } : {}),
            })),
          }
        : {}),
      containers: [{ name: 'app', image: 'busybox:1.36' }],
      ...(h.gates !== undefined
        ? { readinessGates: h.gates.map((conditionType) => ({ conditionType })) }
        : {}),
    },
    status: {
      phase: 'Pending',
      conditions: Object.entries(h.conditions).map(([type, status]) => ({ type, status })),
      ...(h.initStatuses !== undefined ? { initContainerStatuses: h.initStatuses } : {}),
      ...(h.appStatuses !== undefined ? { containerStatuses: h.appStatuses } : {}),
    },
  } as ProjectedPodObject;
}

describe('projected I2 on hand-made phase histories', () => {
  it('I2: a Failed phase that changes is caught at each later step, each naming its own index', () => {
    expect(checkI2(['Pending', 'Running', 'Failed', 'Running', 'Pending'])).toEqual([
      { invariant: 'I2', message: 'phase Failed at #2 became Running at #3' },
      { invariant: 'I2', message: 'phase Failed at #2 became Pending at #4' },
    ]);
    expect(checkI2(['Pending', 'Failed', 'Failed'])).toEqual([]);
  });
});

describe('projected I4 on hand-made Pod objects', () => {
  it('I4: every unfinished regular init container is named, comma-separated', () => {
    const pod = handPod({
      inits: { a: 'regular', b: 'regular' },
      conditions: { Initialized: 'True' },
      initStatuses: [cs('a', errored, false, false), cs('b', initializing, false, false)],
      appStatuses: [cs('app', initializing, false, false)],
    });
    expect(checkI4(pod)).toEqual([
      {
        invariant: 'I4',
        message:
          'Initialized=True but init container(s) a, b have not completed and no regular container has run',
      },
    ]);
  });

  it('I4: a regular container running, or one with a finished run, excuses unfinished init containers (their record was purged)', () => {
    const base: HandPod = {
      inits: { setup: 'regular' },
      conditions: { Initialized: 'True' },
      initStatuses: [cs('setup', initializing, false, false)],
    };
    expect(checkI4(handPod({ ...base, appStatuses: [cs('app', running, true, true)] }))).toEqual([]);
    expect(checkI4(handPod({ ...base, appStatuses: [cs('app', errored, false, false)] }))).toEqual([]);
    expect(
      checkI4(handPod({ ...base, appStatuses: [cs('app', initializing, false, false, errored)] })),
    ).toEqual([]);
    expect(checkI4(handPod({ ...base, conditions: { Initialized: 'False' } }))).toEqual([]);
  });

  it('I4: an init container status the spec does not name counts as a regular init container, with or without spec.initContainers', () => {
    const violation = [
      {
        invariant: 'I4',
        message:
          'Initialized=True but init container(s) setup have not completed and no regular container has run',
      },
    ];
    const status = {
      conditions: { Initialized: 'True' } as const,
      initStatuses: [cs('setup', initializing, false, false)],
      appStatuses: [cs('app', initializing, false, false)],
    };
    expect(checkI4(handPod({ ...status, inits: { proxy: 'sidecar' } }))).toEqual(violation);
    expect(checkI4(handPod(status))).toEqual(violation);
    // Only a sidecar the spec names is left out.
    expect(checkI4(handPod({ ...status, inits: { setup: 'sidecar' } }))).toEqual([]);
  });
});

describe('projected I5 on hand-made Pod objects', () => {
  const allGood = {
    inits: { setup: 'regular', proxy: 'sidecar' } as const,
    initStatuses: [cs('setup', completed, true, false), cs('proxy', running, true, true)],
    appStatuses: [cs('app', running, true, true)],
  };

  it('I5: a Pod with every container running, started and ready shows no violation; a regular init container is not held to it', () => {
    expect(checkI5(handPod({ ...allGood, conditions: { ContainersReady: 'True', Ready: 'True' } }))).toEqual(
      [],
    );
  });

  it('I5: Ready=True over ContainersReady=False and a readiness gate without its condition reports both', () => {
    const pod = handPod({
      ...allGood,
      gates: ['example.com/lb'],
      conditions: { ContainersReady: 'False', Ready: 'True' },
    });
    expect(checkI5(pod)).toEqual([
      { invariant: 'I5', message: 'Ready=True while ContainersReady is not True' },
      { invariant: 'I5', message: 'Ready=True while readiness gate example.com/lb is not True' },
    ]);
  });

  it('I5: ContainersReady=True on a Pod object without container statuses has no container to contradict it', () => {
    expect(checkI5(handPod({ conditions: { ContainersReady: 'True' } }))).toEqual([]);
  });

  it('I5: ContainersReady=True over an unready sidecar or app container, running and started, names it', () => {
    const sidecarUnready = handPod({
      ...allGood,
      conditions: { ContainersReady: 'True' },
      initStatuses: [cs('setup', completed, true, false), cs('proxy', running, false, true)],
    });
    expect(checkI5(sidecarUnready)).toEqual([
      {
        invariant: 'I5',
        message: 'ContainersReady=True while container proxy is not running, started and ready',
      },
    ]);
    const appUnready = handPod({
      ...allGood,
      conditions: { ContainersReady: 'True' },
      appStatuses: [cs('app', running, false, true)],
    });
    expect(checkI5(appUnready)).toEqual([
      {
        invariant: 'I5',
        message: 'ContainersReady=True while container app is not running, started and ready',
      },
    ]);
  });

  it('I5: a ready sidecar or app container that is not started is caught twice under ContainersReady=True', () => {
    const sidecarNotStarted = handPod({
      ...allGood,
      conditions: { ContainersReady: 'True' },
      initStatuses: [cs('setup', completed, true, false), cs('proxy', running, true, false)],
    });
    expect(checkI5(sidecarNotStarted)).toEqual([
      {
        invariant: 'I5',
        message: 'ContainersReady=True while container proxy is not running, started and ready',
      },
      { invariant: 'I5', message: 'container proxy is ready but not running and started' },
    ]);
    const appNotStarted = handPod({
      ...allGood,
      conditions: { ContainersReady: 'True' },
      appStatuses: [cs('app', running, true, false)],
    });
    expect(checkI5(appNotStarted)).toEqual([
      {
        invariant: 'I5',
        message: 'ContainersReady=True while container app is not running, started and ready',
      },
      { invariant: 'I5', message: 'container app is ready but not running and started' },
    ]);
  });

  it('I5: a ready sidecar or app container that is started but no longer running is caught, whatever ContainersReady says', () => {
    const sidecarExited = handPod({
      ...allGood,
      conditions: { ContainersReady: 'False' },
      initStatuses: [cs('setup', completed, true, false), cs('proxy', errored, true, true)],
    });
    expect(checkI5(sidecarExited)).toEqual([
      { invariant: 'I5', message: 'container proxy is ready but not running and started' },
    ]);
    const appExited = handPod({
      ...allGood,
      conditions: { ContainersReady: 'False' },
      appStatuses: [cs('app', errored, true, true)],
    });
    expect(checkI5(appExited)).toEqual([
      { invariant: 'I5', message: 'container app is ready but not running and started' },
    ]);
  });
});
