import { unmountableVolume } from '../engine/configRefs.js';
import type { ClusterEnv } from '../engine/env.js';
import type { MachineEvent, MachineEventOf } from './events.js';
import { deletedInRequest } from './podActions.js';
import {
  allStopped,
  completedInSandbox,
  containerEventRule,
  nodeLost,
  podCompleting,
  scheduleRule,
  startedInSandbox,
  terminalPhaseOf,
} from './podRules.js';
import { type Refusal, refuse } from './refusal.js';
import { isTerminatedState, type PodCtx } from './types.js';

type Guard = (pod: PodCtx, e: MachineEvent, env: ClusterEnv) => Refusal | undefined;

// Refusals of guards that only pick a branch; allocated once (eventless guards run on every event).
const GATED = refuse('branch_not_taken', 'SchedulingGates.PreEnqueue', 'the Pod has scheduling gates');
const NOT_DONE = refuse('branch_not_taken', 'computePodActions', 'not done');
const NOT_STOPPED = refuse('branch_not_taken', 'computePodActions', 'not stopped');
const RECREATED = refuse('branch_not_taken', 'computePodActions', 'the sandbox is recreated');
const NOT_SUCCEEDED = refuse('branch_not_taken', 'getPhase', 'some app container did not exit 0');
const NOT_IN_TURN = refuse('branch_not_taken', 'computeInitContainerActions', 'another container is in turn');
const KEPT = refuse(
  'branch_not_taken',
  'updateForGracefulDeletionAndFinalizers',
  'the object stays: its grace is not 0, or a finalizer is pending',
);
const NOT_BOUND = refuse(
  'not_bound',
  'eviction_manager.synchronize',
  'the kubelet evicts only Pods bound to its node (pod.scheduled first)',
);

/**
 * The init-section container that holds back what comes after it in the current sandbox
 * (computeInitContainerActions walks them in order): a regular init container that has not
 * completed, or a sidecar that has not started; undefined once the app containers may start.
 * The Pod chart's containers.* state follows it. Allocates nothing (it runs after every event).
 */
function inTurn(pod: PodCtx): 'init' | 'sidecar' | undefined {
  const n = pod.pod.spec.initContainers?.length ?? 0;
  for (let j = 0; j < n; j++) {
    const s = pod.containers[j]!;
    if (s.ctx.role === 'init' && !completedInSandbox(pod, s)) return 'init';
    if (s.ctx.role === 'sidecar' && !startedInSandbox(pod, s)) return 'sidecar';
  }
  return undefined;
}

const succeeds = (pod: PodCtx) => terminalPhaseOf(pod) === 'Succeeded';

/** computePodActions §6.1: the kubelet does not recreate a dead sandbox (undefined), or it does. */
function sandboxNotRecreated(pod: PodCtx): Refusal | undefined {
  // computePodActions §6.1: Never with containers that ran (a container ran only in a sandbox), or
  // OnFailure with nothing left to start: every app container terminated with exit code 0 (a
  // terminated container has run, and its last run is `current`).
  const ran = pod.containers.some((s) => s.ctx.runs > 0);
  if (pod.restartPolicy === 'Never' && ran) return undefined;
  if (pod.restartPolicy === 'OnFailure') {
    const apps = pod.containers.filter((s) => s.ctx.role === 'app');
    const toStart = apps.filter((s) => !(isTerminatedState(s.value) && s.ctx.current!.exitCode === 0));
    if (toStart.length === 0) return undefined;
  }
  return RECREATED;
}

const kubeletReason = (r: string | undefined) => r === undefined || r === 'Evicted';

/** The Pod machine's guards: each gives undefined when the event may happen, else the reason. */
export const podGuards = {
  canSchedule: scheduleRule,
  ungated: (pod) => (pod.pod.spec.schedulingGates?.length ? GATED : undefined),
  // Only state gated offers it, for pod.scheduling-gates.removed, while the Pod has gates (it
  // leaves gated as soon as none is left).
  gatesPresent: (pod, e) => {
    const names = new Set(pod.pod.spec.schedulingGates!.map((g) => g.name));
    const missing = (e as MachineEventOf<'pod.scheduling-gates.removed'>).data.gates.filter(
      (g) => !names.has(g),
    );
    return missing.length === 0
      ? undefined
      : refuse(
          'no_such_scheduling_gate',
          'ValidatePodUpdate',
          `the Pod has no scheduling gate ${missing.map((g) => `"${g}"`).join(', ')} (gates: ${[...names].join(', ')})`,
        );
  },
  // Only for a bound Pod. The engine's env holds its node (a binding to an unregistered name
  // creates it); an embedder's bare Pod chart may run with an env that has none: not lost.
  kubeletPresent: (pod, _e, env) => (env.nodes.get(pod.node!)?.lost ? nodeLost(pod) : undefined),
  // SyncPod waits for the volumes (WaitForAttachAndMount) before it creates the sandbox.
  canCreateSandbox: (pod, _e, env) => {
    if (env.nodes.get(pod.node!)?.lost) return nodeLost(pod);
    const mount = unmountableVolume(pod.pod, env);
    return mount === undefined
      ? undefined
      : refuse(
          'volume_not_mounted',
          'SyncPod (WaitForAttachAndMount)',
          `${mount} (FailedMount): the kubelet creates no sandbox until every volume is mounted`,
        );
  },
  containerEvent: (pod, e, env) => containerEventRule(pod, e, env, false),
  containerEventTerminating: (pod, e, env) => containerEventRule(pod, e, env, true),
  // The containers.* children: which part of the start sequence the kubelet is in.
  initContainerInTurn: (pod) => (!pod.initialized && inTurn(pod) === 'init' ? undefined : NOT_IN_TURN),
  sidecarInTurn: (pod) => (!pod.initialized && inTurn(pod) === 'sidecar' ? undefined : NOT_IN_TURN),
  appsMayStart: (pod) => (!pod.initialized && inTurn(pod) === undefined ? undefined : NOT_IN_TURN),
  appStarted: (pod) => (pod.initialized ? undefined : NOT_IN_TURN),
  podDone: (pod) => (allStopped(pod) && podCompleting(pod) ? undefined : NOT_DONE),
  // getPhase: Succeeded when every app container exited 0 (a running one is killed: not 0).
  doneSucceeded: (pod) => (allStopped(pod) && podCompleting(pod) && succeeds(pod) ? undefined : NOT_DONE),
  // Only in state terminating, which an unbound Pod never reaches (it is removed in the request).
  // A node the env does not hold (an embedder's bare Pod chart) is not lost.
  stoppedOnNode: (pod, _e, env) =>
    !env.nodes.get(pod.node!)?.lost && allStopped(pod) ? undefined : NOT_STOPPED,
  sandboxNotRecreated,
  sandboxGoneSucceeded: (pod) =>
    sandboxNotRecreated(pod) === undefined && succeeds(pod) ? undefined : NOT_SUCCEEDED,
  // The Pod chart offers the eviction guards only for pod.evicted: kubeletEviction in the states of
  // a bound Pod (sandbox, containers, terminating), first; controllerEviction after it, and alone
  // in scheduling. So controllerEviction sees the kubelet's own reason only for an unbound Pod.
  kubeletEviction: (_pod, e) => {
    const reason = (e as MachineEventOf<'pod.evicted'>).data.reason;
    if (!kubeletReason(reason)) {
      return refuse(
        'already_deleting',
        'eviction_manager.evictPod',
        `the Pod is already being deleted: only the kubelet's own eviction (reason Evicted) still applies, not "${reason}"`,
      );
    }
    return undefined;
  },
  controllerEviction: (_pod, e) =>
    kubeletReason((e as MachineEventOf<'pod.evicted'>).data.reason) ? NOT_BOUND : undefined,
  // store.go Delete: a request that leaves grace 0 deletes the object at once (no finalizer pending).
  deletedInRequest: (pod, e) => (deletedInRequest(pod, e) ? undefined : KEPT),
  // An eviction through the API or by a controller is such a request, with the Pod's own grace.
  // It follows kubeletEviction in the chart, which takes every kubelet reason first.
  controllerEvictionDeletes: (pod, e) => (deletedInRequest(pod, e) ? undefined : KEPT),
} satisfies Record<string, Guard>;
