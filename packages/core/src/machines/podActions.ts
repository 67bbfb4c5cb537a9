import type { ClusterEnv } from '../engine/env.js';
import type { EventMap } from '../events/eventTypes.js';
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
import type { Deletion, PodCtx } from './types.js';

/** The event an action runs for: the Pod chart binds each action to its event type only. */
const dataOf = <T extends MachineEvent['type']>(e: MachineEvent) => e.data as EventMap[T];

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

/**
 * CheckGracefulDelete (pkg/registry/core/pod/strategy.go) for the first request; for a later one
 * BeforeDelete (apiserver registry/rest/delete.go): only a gracePeriodSeconds shorter than the
 * current deletionGracePeriodSeconds changes anything, and then deletionTimestamp moves by the
 * difference. The kubelet's kill keeps the first grace (see Deletion.killDeadline).
 */
function requestDeletion(pod: PodCtx, e: MachineEvent): PodCtx {
  const asked = askedGrace(e);
  const first = pod.deletion;
  if (first !== undefined)
    return set(pod, e, (n) => {
      n.deletion = shortened(first, asked);
    });
  const g = firstGrace(pod, asked);
  const deadline = e.time + g * 1000;
  return set(pod, e, (n) => {
    n.deletion = { requestedAt: e.time, gracePeriodSeconds: g, deadline, killDeadline: deadline };
    n.containers = stopForDeletion(n.containers, e.time, g);
  });
}

/** The request's gracePeriodSeconds: pod.evicted deletes with the Pod's own (the eviction API's DeleteOptions are empty). */
const askedGrace = (e: MachineEvent) =>
  e.type === 'pod.deletion.requested' ? e.data.gracePeriodSeconds : undefined;

/** CheckGracefulDelete (pkg/registry/core/pod/strategy.go): the grace of a first request. Pure. */
function firstGrace(pod: PodCtx, asked: number | undefined): number {
  let g = asked ?? pod.pod.spec.terminationGracePeriodSeconds ?? 30;
  if (g < 0) g = 1;
  if (pod.node === undefined || pod.terminalPhase !== undefined) g = 0;
  return g;
}

/**
 * store.go Delete → updateForGracefulDeletionAndFinalizers (apiserver registry/generic/registry):
 * the registry deletes the object in the request itself when the grace BeforeDelete leaves is 0
 * (a first request, or a second one that shortens it to 0) and no finalizer is pending; otherwise
 * the object stays with its deletionTimestamp. Pure.
 * @internal
 */
export function deletedInRequest(pod: PodCtx, e: MachineEvent): boolean {
  if (pod.pod.metadata.finalizers?.length) return false;
  const asked = askedGrace(e);
  const first = pod.deletion;
  return (first !== undefined ? shortened(first, asked).gracePeriodSeconds : firstGrace(pod, asked)) === 0;
}

/**
 * BeforeDelete on an object that already has a deletionTimestamp: a negative grace counts as 1,
 * and only a shorter one moves deletionTimestamp (by the difference). Pure.
 */
function shortened(d: Deletion, asked: number | undefined): Deletion {
  if (asked === undefined) return d;
  const g = Math.min(asked < 0 ? 1 : asked, d.gracePeriodSeconds);
  return { ...d, gracePeriodSeconds: g, deadline: d.deadline + (g - d.gracePeriodSeconds) * 1000 };
}

type Action = (pod: PodCtx, e: MachineEvent, env: ClusterEnv) => PodCtx;

/** The Pod machine's actions (pure). */
export const podActions = {
  bind: (pod, e) =>
    set(pod, e, (n) => {
      n.node = dataOf<'pod.scheduled'>(e).node;
      n.unschedulable = undefined;
      n.startTime = pod.startTime ?? e.time;
    }),
  removeSchedulingGates: (pod, e) =>
    set(pod, e, (n) => {
      const removed = new Set(dataOf<'pod.scheduling-gates.removed'>(e).gates);
      // Only from state gated, where the Pod has gates (podGuards.gatesPresent).
      const left = pod.pod.spec.schedulingGates!.filter((g) => !removed.has(g.name));
      const spec = { ...pod.pod.spec };
      if (left.length > 0) spec.schedulingGates = left;
      else delete spec.schedulingGates;
      n.pod = { ...pod.pod, spec };
    }),
  recordUnschedulable: (pod, e) =>
    set(pod, e, (n) => {
      n.unschedulable = dataOf<'pod.unschedulable'>(e).message;
    }),
  // SyncPod goes on from the new sandbox to the containers' starts in the same sync.
  sandboxReady: (pod, e, env) =>
    set(
      pod,
      e,
      (n) => {
        const data = dataOf<'pod.sandbox.ready'>(e);
        n.sandbox = pod.sandbox + 1;
        n.podIP = data.podIP;
        n.hostIP = data.hostIP ?? env.nodes.get(pod.node!)?.address;
        n.startTime = pod.startTime ?? e.time;
        n.sandboxFailure = undefined;
        n.initialized = false;
      },
      env,
    ),
  sandboxFailed: (pod, e) =>
    set(pod, e, (n) => {
      n.sandboxFailure = dataOf<'pod.sandbox.failed'>(e).message;
      n.startTime = pod.startTime ?? e.time;
    }),
  sandboxDied: (pod, e) =>
    set(pod, e, (n) => {
      const terminating = pod.deletion !== undefined;
      // computePodActions §6.1 step 2: the new sandbox starts the init containers and sidecars
      // again; an app container only as its restart policy says (OnFailure: not one that
      // succeeded), which ShouldContainerBeRestarted (policyRestarts) already decides for it.
      const killed = killRunning(pod, e.time, terminating);
      for (let i = 0; i < killed.length; i++) {
        const s = killed[i]!;
        if (terminating || s.ctx.role === 'app' || s.ctx.runs === 0) continue;
        const ctx = copyContainer(s.ctx);
        ctx.needsRun = true;
        killed[i] = { value: restTerminated(s.value, ctx), ctx };
      }
      n.containers = killed;
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
      const message = dataOf<'pod.evicted'>(e).message ?? 'The node was low on resource: memory.';
      n.statusReason = { reason: 'Evicted', message, at: e.time };
      // eviction_manager.go synchronize: DisruptionTarget=True, reason TerminationByKubelet, the
      // eviction message (PodDisruptionConditions, GA in 1.31); it replaces any earlier one.
      n.disruption = { reason: 'TerminationByKubelet', message, at: e.time };
    }),
  evictByController: (pod, e) => {
    const data = dataOf<'pod.evicted'>(e);
    // controllerEviction: a reason that is not the kubelet's own (absent or Evicted).
    const reason = data.reason!;
    const message = data.message ?? reason;
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
        const { conditionType, status } = dataOf<'pod.readiness-gate.changed'>(e);
        n.gates = { ...pod.gates, [conditionType]: { status, at: e.time } };
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
        const data = dataOf<'pod.metadata.updated'>(e);
        const meta = pod.pod.metadata;
        const labels = data.labels ?? meta.labels;
        const annotations = data.annotations ?? meta.annotations;
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
