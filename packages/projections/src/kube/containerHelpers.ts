import type { Container } from '@podstate/core';
import type { ContainerStatus } from './types.js';

/**
 * True for a sidecar: an init container with `restartPolicy: Always`
 * (pkg/api/v1/pod/util.go IsRestartableInitContainer). Pure.
 */
export function isRestartableInitContainer(container: Container | undefined): boolean {
  return container?.restartPolicy === 'Always';
}

/**
 * The first status with the given name, as pkg/api/v1/pod/util.go GetContainerStatus finds it. Pure.
 */
export function getContainerStatus(
  statuses: readonly ContainerStatus[] | undefined | null,
  name: string,
): ContainerStatus | undefined {
  return statuses?.find((s) => s.name === name);
}
