import type { PodSpec } from '@podstate/core';
import { getContainerStatus, isRestartableInitContainer } from './containerHelpers.js';
import type { ContainerStatus, PodCondition, PodPhase } from './types.js';

/** Condition reasons of pkg/kubelet/status/generate.go, verbatim. */
export const ConditionReason = {
  UnknownContainerStatuses: 'UnknownContainerStatuses',
  PodCompleted: 'PodCompleted',
  PodFailed: 'PodFailed',
  ContainersNotReady: 'ContainersNotReady',
  ContainersNotInitialized: 'ContainersNotInitialized',
  ReadinessGatesNotReady: 'ReadinessGatesNotReady',
} as const;

/** A generated condition, before timestamps are merged in (see mergeConditions). */
export type GeneratedCondition = Omit<PodCondition, 'lastTransitionTime' | 'lastProbeTime'>;

/** Statuses as the kubelet passes them: `null`/`undefined` is Go's nil slice (unknown), `[]` is known-empty. */
export type StatusList = readonly ContainerStatus[] | null | undefined;

/** Go's `%s` of a []string: `[a b]`. */
export const goStringList = (names: readonly string[]): string => `[${names.join(' ')}]`;

function cond(type: string, status: 'True' | 'False', reason?: string, message?: string): GeneratedCondition {
  return { type, status, ...(reason ? { reason } : {}), ...(message ? { message } : {}) };
}

/**
 * `ContainersReady`: sidecars and regular containers all ready
 * (pkg/kubelet/status/generate.go GenerateContainersReadyCondition). Pure.
 */
export function generateContainersReadyCondition(
  spec: PodSpec,
  statuses: StatusList,
  phase: PodPhase,
): GeneratedCondition {
  if (statuses == null) return cond('ContainersReady', 'False', ConditionReason.UnknownContainerStatuses);
  const unknown: string[] = [];
  const unready: string[] = [];
  const considered = [...(spec.initContainers ?? []).filter(isRestartableInitContainer), ...spec.containers];
  for (const container of considered) {
    const status = getContainerStatus(statuses, container.name);
    if (!status) unknown.push(container.name);
    else if (!status.ready) unready.push(container.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return cond('ContainersReady', 'False', ConditionReason.PodCompleted);
  }
  // Failed Pods may still be stopping their containers: never report them ready.
  if (phase === 'Failed') return cond('ContainersReady', 'False', ConditionReason.PodFailed);
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goStringList(unknown)}`);
  if (unready.length > 0) messages.push(`containers with unready status: ${goStringList(unready)}`);
  if (messages.length > 0) {
    return cond('ContainersReady', 'False', ConditionReason.ContainersNotReady, messages.join(', '));
  }
  return cond('ContainersReady', 'True');
}

/**
 * `Ready`: ContainersReady and every readiness gate True
 * (pkg/kubelet/status/generate.go GeneratePodReadyCondition). Pure.
 *
 * @param conditions the Pod's current conditions, where readiness-gate conditions live.
 */
export function generatePodReadyCondition(
  spec: PodSpec,
  conditions: readonly PodCondition[] | undefined,
  statuses: StatusList,
  phase: PodPhase,
): GeneratedCondition {
  const containersReady = generateContainersReadyCondition(spec, statuses, phase);
  if (containersReady.status !== 'True') return { ...containersReady, type: 'Ready' };
  const messages: string[] = [];
  for (const gate of spec.readinessGates ?? []) {
    const c = conditions?.find((x) => x.type === gate.conditionType);
    if (!c) {
      messages.push(`corresponding condition of pod readiness gate "${gate.conditionType}" does not exist.`);
    } else if (c.status !== 'True') {
      messages.push(
        `the status of pod readiness gate "${gate.conditionType}" is not "True", but ${c.status}`,
      );
    }
  }
  if (messages.length > 0) {
    return cond('Ready', 'False', ConditionReason.ReadinessGatesNotReady, messages.join(', '));
  }
  return cond('Ready', 'True');
}

/**
 * `Initialized`: every regular init container ready (exited 0) and every sidecar started
 * (pkg/kubelet/status/generate.go GeneratePodInitializedCondition). Pure.
 */
export function generatePodInitializedCondition(
  spec: PodSpec,
  statuses: StatusList,
  phase: PodPhase,
): GeneratedCondition {
  const initContainers = spec.initContainers ?? [];
  if (statuses == null && initContainers.length > 0) {
    return cond('Initialized', 'False', ConditionReason.UnknownContainerStatuses);
  }
  const unknown: string[] = [];
  const incomplete: string[] = [];
  for (const container of initContainers) {
    const status = getContainerStatus(statuses, container.name);
    if (!status) {
      unknown.push(container.name);
      continue;
    }
    const done = isRestartableInitContainer(container) ? status.started === true : status.ready;
    if (!done) incomplete.push(container.name);
  }
  if (phase === 'Succeeded' && unknown.length === 0) {
    return cond('Initialized', 'True', ConditionReason.PodCompleted);
  }
  // Once a regular container has run the Pod stays initialized, even while sidecars restart
  // (kubecontainer.HasAnyRegularContainerStarted).
  if (hasAnyRegularContainerStarted(spec, statuses)) return cond('Initialized', 'True');
  const messages: string[] = [];
  if (unknown.length > 0) messages.push(`containers with unknown status: ${goStringList(unknown)}`);
  if (incomplete.length > 0) messages.push(`containers with incomplete status: ${goStringList(incomplete)}`);
  if (messages.length > 0) {
    return cond('Initialized', 'False', ConditionReason.ContainersNotInitialized, messages.join(', '));
  }
  return cond('Initialized', 'True');
}

/**
 * Some regular container is running or terminated
 * (pkg/kubelet/container/helpers.go HasAnyRegularContainerStarted). Pure.
 */
export function hasAnyRegularContainerStarted(spec: PodSpec, statuses: StatusList): boolean {
  if (!statuses || statuses.length === 0) return false;
  const names = new Set(spec.containers.map((c) => c.name));
  return statuses.some((s) => names.has(s.name) && (s.state.running != null || s.state.terminated != null));
}

/**
 * `PodReadyToStartContainers`: True iff the sandbox need not be (re)created, i.e.
 * runtimeutil.PodSandboxChanged is false (pkg/kubelet/status/generate.go
 * GeneratePodReadyToStartContainersCondition, as released up to v1.34: no reason or message
 * on False). Pure.
 *
 * @param sandboxReady exactly one READY sandbox with the right network mode and, unless hostNetwork, an IP.
 */
export function generatePodReadyToStartContainersCondition(sandboxReady: boolean): GeneratedCondition {
  return cond('PodReadyToStartContainers', sandboxReady ? 'True' : 'False');
}
