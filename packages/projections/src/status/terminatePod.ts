import type { Container } from '@podstate/core';
import { isRestartableInitContainer } from '../kube/containerHelpers.js';
import type { ContainerState, ContainerStatus } from '../kube/types.js';

const UNKNOWN: ContainerState = {
  terminated: {
    exitCode: 137,
    reason: 'ContainerStatusUnknown',
    message: 'The container could not be located when the pod was terminated',
  },
};

/**
 * The final status defaulting of pkg/kubelet/status/status_manager.go TerminatePod: once the
 * Pod is terminal, a container without a terminated state is reported as ContainerStatusUnknown
 * (exit 137) — regular containers only if the Pod has initialized (hasPodInitialized), init
 * containers all but the trailing ones that never tried to start (initializedContainers).
 * `initContainers` is the spec's list, `initStatuses` their statuses in the same order.
 * Returns new status lists; the inputs are not modified. Pure.
 */
export function terminatePod(
  initContainers: readonly Container[],
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
): { initStatuses: ContainerStatus[]; statuses: ContainerStatus[] } {
  const initialized = hasPodInitialized(initContainers, initStatuses, statuses);
  const attempted = initializedContainers(initStatuses);
  return {
    statuses: statuses.map((s) => (initialized ? unknownUnlessTerminated(s) : s)),
    initStatuses: initStatuses.map((s, i) => (i < attempted ? unknownUnlessTerminated(s) : s)),
  };
}

function unknownUnlessTerminated(s: ContainerStatus): ContainerStatus {
  if (s.state.terminated) return s;
  return { ...s, state: UNKNOWN, ready: false, started: false };
}

// status_manager.go hasPodInitialized: any evidence that a regular container ever started.
function hasPodInitialized(
  initContainers: readonly Container[],
  initStatuses: readonly ContainerStatus[],
  statuses: readonly ContainerStatus[],
): boolean {
  // a pod without init containers is always initialized
  if (initContainers.length === 0) return true;
  // if any container has ever moved out of waiting state, the pod has initialized
  if (statuses.some((s) => s.lastState.terminated !== undefined || s.state.waiting === undefined))
    return true;
  // A last init container that is a sidecar counts only while it runs and has started; podstate's
  // Pod is terminal only once every container, sidecars included, has stopped, so never here.
  if (isRestartableInitContainer(initContainers[initContainers.length - 1])) return false;
  // if the last init container has ever completed with a zero exit code, the pod is initialized
  const last = initStatuses[initStatuses.length - 1]!;
  return last.lastState.terminated?.exitCode === 0 || last.state.terminated?.exitCode === 0;
}

// status_manager.go initializedContainers: how many leading statuses are kept (at least one).
function initializedContainers(statuses: readonly ContainerStatus[]): number {
  for (let i = statuses.length - 1; i >= 0; i--) {
    const s = statuses[i]!;
    if (s.state.waiting === undefined || s.lastState.terminated !== undefined) return i + 1;
  }
  return Math.min(1, statuses.length);
}
