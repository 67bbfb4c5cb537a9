import { describe, expect, it } from 'vitest';
import {
  crashLoopBackOffEventMessage,
  crashLoopBackOffMessage,
  DisruptionTargets,
  errImageNeverPullMessage,
  imagePullBackOffMessage,
  nodeLostMessage,
} from './kubeletMessages.js';

const pod = { name: 'web', namespace: 'default', uid: '8d2f' };

describe('kubelet messages', () => {
  it.each([
    [10_000, 'back-off 10s restarting failed container=app pod=web_default(8d2f)'],
    [20_000, 'back-off 20s restarting failed container=app pod=web_default(8d2f)'],
    [160_000, 'back-off 2m40s restarting failed container=app pod=web_default(8d2f)'],
    [300_000, 'back-off 5m0s restarting failed container=app pod=web_default(8d2f)'],
  ])('doBackOff: CrashLoopBackOff message after a %d ms back-off', (ms, want) => {
    expect(crashLoopBackOffMessage(ms, 'app', pod)).toBe(want);
  });
  it('doBackOff: BackOff event names the container and format.Pod', () => {
    expect(crashLoopBackOffEventMessage('app', pod)).toBe(
      'Back-off restarting failed container app in pod web_default(8d2f)',
    );
  });
  it('EnsureImageExists: ImagePullBackOff and ErrImageNeverPull messages', () => {
    expect(imagePullBackOffMessage('nginx:1.25')).toBe('Back-off pulling image "nginx:1.25"');
    expect(errImageNeverPullMessage('nginx:1.25')).toBe(
      'Container image "nginx:1.25" is not present with pull policy of Never',
    );
  });
  it('SetPodTerminationReason: NodeLost message', () => {
    expect(nodeLostMessage('node-1', 'web')).toBe('Node node-1 which was running pod web is unresponsive');
  });
  it('preemption: DisruptionTarget message names the scheduler', () => {
    expect(DisruptionTargets.preemption()).toEqual({
      reason: 'PreemptionByScheduler',
      message: 'default-scheduler: preempting to accommodate a higher priority pod',
    });
  });
});
