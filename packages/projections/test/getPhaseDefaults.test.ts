// getPhase's default cases (pkg/kubelet/kubelet_pods.go getPhase), for statuses the API may hold
// though the kubelet writes none (issue 17: getPhase.ts mutants): a status with no state at all
// counts as pending initialization, whatever its last termination says.

import { type ContainerStatus, getPhase } from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { c, spec } from './testStatuses.js';

const noState = (name: string, lastExit?: number): ContainerStatus => ({
  name,
  state: {},
  lastState: lastExit === undefined ? {} : { terminated: { exitCode: lastExit } },
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
});

describe('getPhase: an init container status with no state (the switch default)', () => {
  it('pendingInitialization++ even with a non-zero last termination: Pending under Never, not Failed', () => {
    const s = spec({ init: [c('init')], containers: ['app'], restartPolicy: 'Never' });
    expect(getPhase(s, [noState('init', 1)], false, false)).toBe('Pending');
  });
});
