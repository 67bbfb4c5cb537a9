/**
 * Test-only builders that mirror the helpers of pkg/kubelet/kubelet_pods_test.go
 * (runningState, waitingStateWithLastTermination, …), so transcribed cases read like upstream.
 * Not exported from the package index.
 */
import type { Container, PodSpec } from '@podstate/core';
import type { ContainerStatus } from './types.js';

const base = (name: string): ContainerStatus => ({
  name,
  state: {},
  lastState: {},
  ready: false,
  restartCount: 0,
  image: '',
  imageID: '',
});

export const waitingState = (name: string): ContainerStatus => ({ ...base(name), state: { waiting: {} } });
export const waitingStateWithLastTermination = (name: string): ContainerStatus => ({
  ...base(name),
  state: { waiting: {} },
  lastState: { terminated: { exitCode: 0 } },
});
export const waitingStateWithNonZeroTermination = (name: string): ContainerStatus => ({
  ...base(name),
  state: { waiting: {} },
  lastState: { terminated: { exitCode: -1 } },
});
export const runningState = (name: string): ContainerStatus => ({ ...base(name), state: { running: {} } });
export const startedState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { running: {} },
  started: true,
});
export const stoppedState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: 0 } },
});
export const succeededState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: 0 } },
});
export const failedState = (name: string): ContainerStatus => ({
  ...base(name),
  state: { terminated: { exitCode: -1 } },
});
/** generate_test.go getReadyStatus / getNotReadyStatus / getStartedStatus / getNotStartedStatus. */
export const readyStatus = (name: string): ContainerStatus => ({ ...base(name), ready: true });
export const notReadyStatus = (name: string): ContainerStatus => base(name);
export const startedStatus = (name: string): ContainerStatus => ({ ...base(name), started: true });
export const notStartedStatus = (name: string): ContainerStatus => ({ ...base(name), started: false });

/** A container with only a name (upstream specs carry no image). */
export const c = (name: string): Container => ({ name, image: '' });
/** A sidecar: init container with `restartPolicy: Always`. */
export const sidecar = (name: string): Container => ({ name, image: '', restartPolicy: 'Always' });

/** A spec from container names, like upstream's literal PodSpecs. */
export function spec(opts: {
  init?: Container[];
  containers?: string[];
  restartPolicy?: PodSpec['restartPolicy'];
}): PodSpec {
  return {
    ...(opts.init ? { initContainers: opts.init } : {}),
    containers: (opts.containers ?? []).map(c),
    ...(opts.restartPolicy ? { restartPolicy: opts.restartPolicy } : {}),
  };
}
