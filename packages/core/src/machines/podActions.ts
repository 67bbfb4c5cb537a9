import type { ClusterEnv } from '../engine/env.js';
import type { MachineEvent } from './events.js';
import { allStopped, applyContainerEvent, killRunning, terminalPhaseOf } from './podRules.js';
import type { ContainerSlot, PodCtx } from './types.js';

/** Which regular containers a new sandbox must start (computePodActions §6.1 step 2). */
function rerunAfterSandboxDeath(pod: PodCtx, s: ContainerSlot): boolean {
  if (s.ctx.role !== 'app') return true;
  if (pod.restartPolicy === 'OnFailure') return !(s.value === 'terminated' && s.ctx.current?.exitCode === 0);
  return pod.restartPolicy === 'Always';
}

/** CheckGracefulDelete (pkg/registry/core/pod/strategy.go) then the kubelet's shrinking grace. */
function requestDeletion(pod: PodCtx, e: MachineEvent, grace?: number): PodCtx {
  let g =
    grace ??
    (e.data.gracePeriodSeconds as number | undefined) ??
    pod.pod.spec.terminationGracePeriodSeconds ??
    30;
  if (g < 0) g = 1;
  if (pod.node === undefined || pod.terminalPhase !== undefined) g = 0;
  const deadline = e.time + g * 1000;
  if (pod.deletion !== undefined && pod.deletion.deadline <= deadline) return { ...pod, updatedAt: e.time };
  return {
    ...pod,
    deletion: { requestedAt: pod.deletion?.requestedAt ?? e.time, gracePeriodSeconds: g, deadline },
    updatedAt: e.time,
  };
}

type Action = (pod: PodCtx, e: MachineEvent, env: ClusterEnv) => PodCtx;

/** The Pod machine's actions (pure). */
export const podActions = {
  bind: (pod, e) => ({
    ...pod,
    node: e.data.node,
    unschedulable: undefined,
    startTime: pod.startTime ?? e.time,
    updatedAt: e.time,
  }),
  recordUnschedulable: (pod, e) => ({ ...pod, unschedulable: e.data.message, updatedAt: e.time }),
  sandboxReady: (pod, e, env) => ({
    ...pod,
    sandbox: pod.sandbox + 1,
    podIP: e.data.podIP,
    hostIP: e.data.hostIP ?? env.nodes.get(pod.node!)?.address,
    startTime: pod.startTime ?? e.time,
    sandboxFailure: undefined,
    initialized: false,
    updatedAt: e.time,
  }),
  sandboxFailed: (pod, e) => ({
    ...pod,
    sandboxFailure: e.data.message,
    startTime: pod.startTime ?? e.time,
    updatedAt: e.time,
  }),
  sandboxDied: (pod, e) => {
    const terminating = pod.deletion !== undefined;
    const killed = killRunning(pod, e.time, terminating);
    const containers = killed.map((s) =>
      !terminating && rerunAfterSandboxDeath(pod, s) && s.ctx.runs > 0
        ? { value: s.value, ctx: { ...s.ctx, needsRun: true } }
        : s,
    );
    return {
      ...pod,
      containers,
      podIP: undefined,
      initialized: false,
      sandboxDiedAt: e.time,
      updatedAt: e.time,
    };
  },
  container: (pod, e, env) => applyContainerEvent(pod, e, env, false),
  containerTerminating: (pod, e, env) => applyContainerEvent(pod, e, env, true),
  requestDeletion: (pod, e) => requestDeletion(pod, e),
  evictByKubelet: (pod, e) => ({
    ...pod,
    containers: killRunning(pod, e.time, true),
    statusReason: {
      reason: 'Evicted',
      message: e.data.message ?? 'The node was low on resource: memory.',
      at: e.time,
    },
    updatedAt: e.time,
  }),
  evictByController: (pod, e) => {
    const reason = (e.data.reason as string | undefined) ?? 'EvictionByEvictionAPI';
    const message = (e.data.message as string | undefined) ?? reason;
    const marked: PodCtx =
      reason === 'NodeLost'
        ? { ...pod, statusReason: { reason, message, at: e.time } }
        : { ...pod, disruption: { reason, message, at: e.time } };
    return requestDeletion(marked, e, reason === 'NodeLost' ? undefined : undefined);
  },
  finish: (pod, e) => ({
    ...pod,
    terminalPhase: terminalPhaseOf(pod),
    terminalAt: e.time,
    updatedAt: e.time,
  }),
  setGate: (pod, e) => ({
    ...pod,
    gates: { ...pod.gates, [e.data.conditionType]: { status: e.data.status, at: e.time } },
    updatedAt: e.time,
  }),
  touch: (pod, e) => ({ ...pod, updatedAt: e.time }),
} satisfies Record<string, Action>;

export { allStopped };
