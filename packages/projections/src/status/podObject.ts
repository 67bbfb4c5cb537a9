import type { ClusterEnv, PodState } from '@podstate/core';
import { isTerminalPodState } from '@podstate/core/views';
import {
  type GeneratedCondition,
  generateContainersReadyCondition,
  generatePodInitializedCondition,
  generatePodReadyCondition,
  generatePodReadyToStartContainersCondition,
} from '../kube/generateConditions.js';
import { getPhase } from '../kube/getPhase.js';
import { mergeConditions } from '../kube/mergeConditions.js';
import { qosClass } from '../kube/qosClass.js';
import { formatRFC3339 } from '../kube/time.js';
import type { PodCondition, PodObject, PodPhase, PodStatus } from '../kube/types.js';
import { containerStatusOf } from './containerStatuses.js';
import { terminatePod } from './terminatePod.js';

/**
 * The Pod as `kubectl get pod -o json` shows it at time `now` (ms), built from the engine's
 * facts with the kubelet's own functions (generateAPIPodStatus: getPhase, the condition
 * generators, convertToAPIContainerStatuses). `prev` supplies lastTransitionTime history; a
 * condition whose status changes gets `stamp` (default `now`). Pure.
 */
export function toPodObject(
  state: PodState,
  env: ClusterEnv,
  now: number,
  prev?: PodObject,
  stamp = now,
): PodObject {
  const ctx = state.ctx;
  const spec = { ...ctx.pod.spec, ...(ctx.node ? { nodeName: ctx.node } : {}) };
  const metadata = {
    ...ctx.pod.metadata,
    uid: ctx.uid,
    creationTimestamp: formatRFC3339(ctx.createdAt),
    ...(ctx.deletion
      ? {
          deletionTimestamp: formatRFC3339(ctx.deletion.deadline),
          deletionGracePeriodSeconds: ctx.deletion.gracePeriodSeconds,
        }
      : {}),
  };
  const status = podStatusOf(state, env, now, prev?.status?.conditions, stamp);
  return { apiVersion: 'v1', kind: 'Pod', metadata, spec, status } as PodObject;
}

/**
 * The `status` of {@link toPodObject} alone (the same object, field for field), without the
 * metadata and spec copies: the projected invariants read the status and the manifest's spec.
 * `previous` are the conditions lastTransitionTime is kept from. Pure.
 */
export function podStatusOf(
  state: PodState,
  env: ClusterEnv,
  now: number,
  previous?: readonly PodCondition[],
  stamp = now,
): PodStatus {
  const ctx = state.ctx;
  // The status reads the spec's containers, init containers and readiness gates, never nodeName.
  const spec = ctx.pod.spec;
  const status: PodStatus = { phase: 'Pending', qosClass: qosClass(spec) };
  const foreign: PodCondition[] = [];
  if (ctx.disruption) {
    foreign.push({
      type: 'DisruptionTarget',
      status: 'True',
      reason: ctx.disruption.reason,
      message: ctx.disruption.message,
      lastProbeTime: null,
      lastTransitionTime: formatRFC3339(ctx.disruption.at),
    });
  }
  for (const [type, g] of Object.entries(ctx.gates)) {
    foreign.push({
      type,
      status: g.status,
      lastProbeTime: null,
      lastTransitionTime: formatRFC3339(g.at),
    } as PodCondition);
  }
  if (ctx.node === undefined) {
    // applySchedulingGatedCondition (pkg/registry/core/pod/strategy.go) at creation; the scheduler's
    // own PodScheduled=False (Unschedulable) once it has tried.
    const scheduled: GeneratedCondition[] =
      state.value === 'scheduling.gated'
        ? [
            {
              type: 'PodScheduled',
              status: 'False',
              reason: 'SchedulingGated',
              message: 'Scheduling is blocked due to non-empty scheduling gates',
            },
          ]
        : state.value === 'scheduling.unschedulable'
          ? [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message: ctx.unschedulable! }]
          : [];
    status.conditions = [...foreign, ...mergeConditions(previous, scheduled, stamp)];
    if (status.conditions.length === 0) delete status.conditions;
    return status;
  }
  const node = env.nodes.get(ctx.node);
  let inits = ctx.containers.filter((s) => s.ctx.role !== 'app').map((s) => containerStatusOf(ctx, s, now));
  let apps = ctx.containers.filter((s) => s.ctx.role === 'app').map((s) => containerStatusOf(ctx, s, now));
  if (ctx.terminalPhase !== undefined) {
    const final = terminatePod(spec.initContainers ?? [], inits, apps);
    inits = final.initStatuses;
    apps = final.statuses;
  }
  const all = [...inits, ...apps];
  let phase: PodPhase = ctx.terminalPhase ?? getPhase(spec, all, false, ctx.initialized);
  if (phase !== 'Succeeded' && phase !== 'Failed' && node?.lost && env.profile === 'legacy')
    phase = 'Unknown';
  const initialized = generatePodInitializedCondition(spec, all, phase);
  const forcedInit: GeneratedCondition =
    ctx.everInitialized && initialized.status === 'False'
      ? { type: 'Initialized', status: 'True' }
      : initialized;
  let ready = generatePodReadyCondition(spec, foreign, all, phase);
  const containersReady = generateContainersReadyCondition(spec, all, phase);
  // MarkPodsNotReady (node lifecycle controller): Ready=False once the node stops reporting.
  if (node?.lost && env.profile === 'current') ready = { ...ready, status: 'False' };
  // A terminal Pod's sandbox is killed (computePodActions: KillPod once nothing is left to run;
  // SyncTerminatingPod), so PodSandboxChanged is true again: False after Succeeded/Failed.
  const sandboxReady = ctx.podIP !== undefined && !isTerminalPodState(state.value);
  const generated = [
    generatePodReadyToStartContainersCondition(sandboxReady),
    forcedInit,
    ready,
    containersReady,
    { type: 'PodScheduled', status: 'True' } as GeneratedCondition,
  ];
  status.phase = phase;
  status.conditions = [...foreign, ...mergeConditions(previous, generated, stamp)];
  if (ctx.statusReason) {
    status.reason = ctx.statusReason.reason;
    status.message = ctx.statusReason.message;
  }
  const hostIP = ctx.hostIP ?? node?.address;
  if (hostIP) {
    status.hostIP = hostIP;
    status.hostIPs = [{ ip: hostIP }];
  }
  // generateAPIPodStatus: a hostNetwork Pod inherits the node's IP as its podIP on every status the
  // kubelet writes (the runtime reports no IP for a sandbox in the node's network namespace), so it
  // shows before the sandbox is ready and stays after it dies; any other Pod shows its sandbox's IP.
  const podIP = spec.hostNetwork === true && hostIP ? hostIP : ctx.podIP;
  if (podIP) {
    status.podIP = podIP;
    status.podIPs = [{ ip: podIP }];
  }
  if (ctx.startTime !== undefined) status.startTime = formatRFC3339(ctx.startTime);
  if (inits.length > 0) status.initContainerStatuses = inits;
  status.containerStatuses = apps;
  return status;
}
