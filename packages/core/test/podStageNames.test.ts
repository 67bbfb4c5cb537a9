// The public helpers that name where a Pod is in its life (machines/podStates.ts): every
// configuration of the Pod chart belongs to exactly one stage, and each predicate answers for the
// states the chart's descriptions give it (podMachine.ts).
import {
  compiledPodMachine,
  isContainersState,
  isSandboxState,
  isSchedulingState,
  isStoppingPodState,
  isTerminalPodState,
  podStage,
} from '@podstate/core';
import { describe, expect, it } from 'vitest';
import type { PodStateValue } from '../src/machines/types.js';

const leaves = compiledPodMachine.leaves as PodStateValue[];

describe('podStage and the stage predicates (podStates.ts) over every state of the Pod chart', () => {
  it('podStage is the top-level state: the part before the first dot, or the whole name', () => {
    expect(Object.fromEntries(leaves.map((v) => [v, podStage(v)]))).toEqual({
      'scheduling.gated': 'scheduling',
      'scheduling.queued': 'scheduling',
      'scheduling.unschedulable': 'scheduling',
      'sandbox.creating': 'sandbox',
      'sandbox.creationFailed': 'sandbox',
      'sandbox.recreating': 'sandbox',
      'containers.initializing': 'containers',
      'containers.startingSidecars': 'containers',
      'containers.startingApps': 'containers',
      'containers.running': 'containers',
      'terminating.stoppingContainers': 'terminating',
      'terminating.awaitingRemoval': 'terminating',
      'finished.succeeded': 'finished',
      'finished.failed': 'finished',
      removed: 'removed',
    });
  });

  it('each predicate holds exactly for its states', () => {
    const holding = (p: (v: PodStateValue) => boolean) => leaves.filter(p);
    expect(holding(isSchedulingState)).toEqual([
      'scheduling.gated',
      'scheduling.queued',
      'scheduling.unschedulable',
    ]);
    expect(holding(isSandboxState)).toEqual([
      'sandbox.creating',
      'sandbox.creationFailed',
      'sandbox.recreating',
    ]);
    expect(holding(isContainersState)).toEqual([
      'containers.initializing',
      'containers.startingSidecars',
      'containers.startingApps',
      'containers.running',
    ]);
    expect(holding(isStoppingPodState)).toEqual(['terminating.stoppingContainers']);
    // A deleted Pod whose containers all stopped has its terminal phase while it awaits removal.
    expect(holding(isTerminalPodState)).toEqual([
      'terminating.awaitingRemoval',
      'finished.succeeded',
      'finished.failed',
    ]);
  });
});
