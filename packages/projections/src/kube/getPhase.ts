import type { PodSpec } from '@podstate/core';
import { getContainerStatus, isRestartableInitContainer } from './containerHelpers.js';
import type { ContainerStatus, PodPhase } from './types.js';

/**
 * The Pod phase the kubelet computes from its container statuses
 * (pkg/kubelet/kubelet_pods.go getPhase, alpha gate ContainerRestartRules off). Pure.
 *
 * @param spec the Pod spec (`restartPolicy` defaults to `Always`).
 * @param allContainerStatuses `initContainerStatuses` and `containerStatuses` together, looked up by name.
 * @param podIsTerminal true only while the kubelet finishes a Pod it is terminating.
 * @param podHasInitialized some regular container exists in the current sandbox.
 * @example getPhase({ containers: [{ name: 'a', image: 'x' }] }, [], false, false) // 'Pending'
 */
export function getPhase(
  spec: PodSpec,
  allContainerStatuses: readonly ContainerStatus[],
  podIsTerminal: boolean,
  podHasInitialized: boolean,
): Exclude<PodPhase, 'Unknown'> {
  const restartPolicy = spec.restartPolicy ?? 'Always';
  let pendingRestartableInit = 0;
  let pendingRegularInit = 0;
  let failedInitialization = 0;

  for (const container of spec.initContainers ?? []) {
    if (isRestartableInitContainer(container)) continue;
    const status = getContainerStatus(allContainerStatuses, container.name);
    if (!status) {
      pendingRegularInit++;
      continue;
    }
    const { running, terminated, waiting } = status.state;
    if (running) {
      pendingRegularInit++;
    } else if (terminated) {
      if (terminated.exitCode !== 0) failedInitialization++;
    } else if (waiting) {
      const last = status.lastState.terminated;
      // A crash-looping init container counts as failed, not pending.
      if (last) {
        if (last.exitCode !== 0) failedInitialization++;
      } else {
        pendingRegularInit++;
      }
    } else {
      pendingRegularInit++;
    }
  }

  let unknown = 0;
  let running = 0;
  let waiting = 0;
  let stopped = 0;
  let succeeded = 0;

  for (const container of spec.initContainers ?? []) {
    if (!isRestartableInitContainer(container)) continue;
    const status = getContainerStatus(allContainerStatuses, container.name);
    if (!status) {
      unknown++;
      continue;
    }
    const state = status.state;
    if (state.running) {
      if (status.started !== true) pendingRestartableInit++;
      running++;
    } else if (state.terminated) {
      // A stopped sidecar will be restarted: it does not count towards the phase.
    } else if (state.waiting) {
      if (!status.lastState.terminated) {
        pendingRestartableInit++;
        waiting++;
      }
    } else {
      pendingRestartableInit++;
      unknown++;
    }
  }

  for (const container of spec.containers) {
    const status = getContainerStatus(allContainerStatuses, container.name);
    if (!status) {
      unknown++;
      continue;
    }
    const state = status.state;
    if (state.running) {
      running++;
    } else if (state.terminated) {
      stopped++;
      if (state.terminated.exitCode === 0) succeeded++;
    } else if (state.waiting) {
      if (status.lastState.terminated) stopped++;
      else waiting++;
    } else {
      unknown++;
    }
  }

  if (failedInitialization > 0 && restartPolicy === 'Never') return 'Failed';

  if (pendingRegularInit > 0 || (pendingRestartableInit > 0 && !podHasInitialized) || waiting > 0) {
    return 'Pending';
  }
  if (running > 0 && unknown === 0) return 'Running';
  if (running === 0 && stopped > 0 && unknown === 0) {
    // A terminating Pod's containers will not restart, whatever its restartPolicy.
    if (podIsTerminal) return stopped === succeeded ? 'Succeeded' : 'Failed';
    if (restartPolicy === 'Always') return 'Running';
    if (stopped === succeeded) return 'Succeeded';
    if (restartPolicy === 'Never') return 'Failed';
    return 'Running';
  }
  return 'Pending';
}
