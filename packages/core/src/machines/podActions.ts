import type { ClusterEnv } from '../engine/env.js';
import { showPullBackOff } from './containerRules.js';
import { copyContainer, copyPod } from './copy.js';
import type { MachineEvent } from './events.js';
import {
  allStopped,
  applyContainerEvent,
  killRunning,
  restTerminated,
  stopForDeletion,
  syncContainerStarts,
  terminalPhaseOf,
} from './podRules.js';
import { type ContainerSlot, isTerminatedState, type PodCtx } from './types.js';

/** Which regular containers a new sandbox must start (computePodActions §6.1 step 2). */
function rerunAfterSandboxDeath(pod: PodCtx, s: ContainerSlot): boolean {
  if (s.ctx.role !== 'app') return true;
  if (pod.restartPolicy === 'OnFailure')
    return !(isTerminatedState(s.value) && s.ctx.current?.exitCode === 0);
  return pod.restartPolicy === 'Always';
}

/**
 * A changed copy of a Pod context, stamped with the event time (the original is never modified).
 * With `env`, the event is also the kubelet's next sync of a Pod with a ready sandbox: the
 * containers' starts are tried again (syncContainerStarts: image, then config).
 */
function set(pod: PodCtx, e: MachineEvent, change: (n: PodCtx) => void, env?: ClusterEnv): PodCtx {
  const n = copyPod(pod);
  change(n);
  n.updatedAt = e.time;
  // The kubelet's next sync of the Pod shows ImagePullBackOff for a pull that failed before it.
  n.containers = showPullBackOff(n.containers, e);
  if (env !== undefined) n.containers = syncContainerStarts(n, env, e);
  return n;
}

/** CheckGracefulDelete (pkg/registry/core/pod/strategy.go) then the kubelet's shrinking grace. */
function requestDeletion(pod: PodCtx, e: MachineEvent): PodCtx {
  // pod.evicted deletes with the Pod's own grace period (the eviction API's DeleteOptions are empty).
  const asked = e.type === 'pod.deletion.requested' ? e.data.gracePeriodSeconds : undefined;
  let g = asked ?? pod.pod.spec.terminationGracePeriodSeconds ?? 30;
  if (g < 0) g = 1;
  if (pod.node === undefined || pod.terminalPhase !== undefined) g = 0;
  const deadline = e.time + g * 1000;
  return set(pod, e, (n) => {
    // A second delete may only shorten the grace period.
    if (pod.deletion !== undefined && pod.deletion.deadline <= deadline) return;
    n.deletion = { requestedAt: pod.deletion?.requestedAt ?? e.time, gracePeriodSeconds: g, deadline };
    n.containers = stopForDeletion(n.containers, e.time, g);
  });
}

type Action = (pod: PodCtx, e: MachineEvent, env: ClusterEnv) => PodCtx;

/** The Pod machine's actions (pure). */
export const podActions = {
  bind: (pod, e) =>
    set(pod, e, (n) => {
      if (e.type !== 'pod.scheduled') return;
      n.node = e.data.node;
      n.unschedulable = undefined;
      n.startTime = pod.startTime ?? e.time;
    }),
  removeSchedulingGates: (pod, e) =>
    set(pod, e, (n) => {
      if (e.type !== 'pod.scheduling-gates.removed') return;
      const removed = new Set(e.data.gates);
      const left = (pod.pod.spec.schedulingGates ?? []).filter((g) => !removed.has(g.name));
      const spec = { ...pod.pod.spec };
      if (left.length > 0) spec.schedulingGates = left;
      else delete spec.schedulingGates;
      n.pod = { ...pod.pod, spec };
    }),
  recordUnschedulable: (pod, e) =>
    set(pod, e, (n) => {
      if (e.type !== 'pod.unschedulable') return;
      n.unschedulable = e.data.message;
    }),
  // SyncPod goes on from the new sandbox to the containers' starts in the same sync.
  sandboxReady: (pod, e, env) =>
    set(
      pod,
      e,
      (n) => {
        if (e.type !== 'pod.sandbox.ready') return;
        n.sandbox = pod.sandbox + 1;
        n.podIP = e.data.podIP;
        n.hostIP = e.data.hostIP ?? env.nodes.get(pod.node!)?.address;
        n.startTime = pod.startTime ?? e.time;
        n.sandboxFailure = undefined;
        n.initialized = false;
      },
      env,
    ),
  sandboxFailed: (pod, e) =>
    set(pod, e, (n) => {
      if (e.type !== 'pod.sandbox.failed') return;
      n.sandboxFailure = e.data.message;
      n.startTime = pod.startTime ?? e.time;
    }),
  sandboxDied: (pod, e) =>
    set(pod, e, (n) => {
      const terminating = pod.deletion !== undefined;
      n.containers = killRunning(pod, e.time, terminating).map((s) => {
        if (terminating || !rerunAfterSandboxDeath(pod, s) || s.ctx.runs === 0) return s;
        const ctx = copyContainer(s.ctx);
        ctx.needsRun = true;
        return { value: restTerminated(s.value, ctx), ctx };
      });
      n.podIP = undefined;
      n.initialized = false;
      n.sandboxDiedAt = e.time;
    }),
  container: (pod, e, env) => applyContainerEvent(pod, e, env, false),
  containerTerminating: (pod, e, env) => applyContainerEvent(pod, e, env, true),
  requestDeletion: (pod, e) => requestDeletion(pod, e),
  evictByKubelet: (pod, e) =>
    set(pod, e, (n) => {
      n.containers = killRunning(pod, e.time, true);
      const message =
        (e.type === 'pod.evicted' ? e.data.message : undefined) ?? 'The node was low on resource: memory.';
      n.statusReason = { reason: 'Evicted', message, at: e.time };
      // eviction_manager.go synchronize: DisruptionTarget=True, reason TerminationByKubelet, the
      // eviction message (PodDisruptionConditions, GA in 1.31); it replaces any earlier one.
      n.disruption = { reason: 'TerminationByKubelet', message, at: e.time };
    }),
  evictByController: (pod, e) => {
    const reason = (e.type === 'pod.evicted' ? e.data.reason : undefined) ?? 'EvictionByEvictionAPI';
    const message = (e.type === 'pod.evicted' ? e.data.message : undefined) ?? reason;
    const marked = set(pod, e, (n) => {
      // The legacy node controller wrote status.reason NodeLost; today's controllers a DisruptionTarget.
      if (reason === 'NodeLost') n.statusReason = { reason, message, at: e.time };
      else n.disruption = { reason, message, at: e.time };
    });
    return requestDeletion(marked, e);
  },
  finish: (pod, e) =>
    set(pod, e, (n) => {
      n.terminalPhase = terminalPhaseOf(pod);
      n.terminalAt = e.time;
    }),
  setGate: (pod, e, env) =>
    set(
      pod,
      e,
      (n) => {
        if (e.type !== 'pod.readiness-gate.changed') return;
        n.gates = { ...pod.gates, [e.data.conditionType]: { status: e.data.status, at: e.time } };
      },
      env,
    ),
  // ValidateObjectMetaUpdate lets labels and annotations change at any time while the Pod exists;
  // the earlier values are kept (metadataRevisions) for what was seen before the change.
  updateMetadata: (pod, e, env) =>
    set(
      pod,
      e,
      (n) => {
        if (e.type !== 'pod.metadata.updated') return;
        const meta = pod.pod.metadata;
        const labels = e.data.labels ?? meta.labels;
        const annotations = e.data.annotations ?? meta.annotations;
        const revisions = pod.metadataRevisions ?? [
          { since: pod.createdAt, labels: meta.labels, annotations: meta.annotations },
        ];
        n.metadataRevisions = [...revisions, { since: e.time, labels, annotations }];
        const { labels: _l, annotations: _a, ...rest } = meta;
        n.pod = {
          ...pod.pod,
          metadata: {
            ...rest,
            ...(labels !== undefined ? { labels } : {}),
            ...(annotations !== undefined ? { annotations } : {}),
          },
        };
      },
      env,
    ),
  touch: (pod, e, env) => set(pod, e, () => {}, env),
} satisfies Record<string, Action>;

export { allStopped };
