import type { ClusterEnv, ContainerSlot, PodState } from '@podstate/core';
import {
  initFailedUnderNever,
  isReadyState,
  isStartedState,
  isTerminatedState,
  policyRestarts,
} from '@podstate/core/views';
import type { ConditionStatus } from '../kube/types.js';
import { initRecordCompleted } from './containerStatuses.js';
import { podStatusOf } from './podObject.js';

/** The conditions whose lastTransitionTime the status fold keeps, in a fixed order. */
export const TRACKED_CONDITIONS = [
  'PodScheduled',
  'PodReadyToStartContainers',
  'Initialized',
  'Ready',
  'ContainersReady',
] as const;

// Each condition takes two bits of a small integer: 0 absent, 1 True, 2 False. Replay computes
// one integer per event and allocates nothing.
const TRUE = 1;
const FALSE = 2;
const code = (i: number, v: boolean) => (v ? TRUE : FALSE) << (2 * i);

/** Decodes conditionCode's integer into condition type → status. */
export function decodeConditions(c: number): Partial<Record<string, ConditionStatus>> {
  const out: Partial<Record<string, ConditionStatus>> = {};
  TRACKED_CONDITIONS.forEach((type, i) => {
    const v = (c >> (2 * i)) & 3;
    if (v !== 0) out[type] = v === TRUE ? 'True' : 'False';
  });
  return out;
}

// prober_manager UpdatePodStatus: ready = started and readiness Success, as the chart's regions say.
const ready = (s: ContainerSlot) => isReadyState(s.value);

/** Whether convertToAPIContainerStatuses shows this exited container as terminated (not waiting). */
function shownTerminated(state: PodState, s: ContainerSlot): boolean {
  const c = s.ctx;
  if (!isTerminatedState(s.value) || c.current === undefined) return false;
  if (state.ctx.deletion !== undefined || !policyRestarts(c)) return true;
  if (initRecordCompleted(state.ctx, c)) return true;
  const inBackoff = c.backoff !== undefined && c.current.finishedAt - c.backoff.lastUpdate <= 600_000;
  return !(c.startError !== undefined || c.pullError !== undefined || inBackoff);
}

/**
 * The statuses of the tracked conditions, decided from the engine's facts without building the
 * Pod object: what the condition generators (pkg/kubelet/status/generate.go) give for the
 * container statuses toPodObject would build, as one integer (see decodeConditions). Cheap
 * enough for every event, so the status fold records when each status changed. Terminal and
 * init-failed Pods (rare) take the full path. A property test checks it equals toPodObject's
 * conditions at every step of generated lifecycles. Pure.
 */
export function conditionCode(state: PodState, env: ClusterEnv, now: number): number {
  const ctx = state.ctx;
  // The scheduling.* state says which: gated and unschedulable have PodScheduled=False, queued none.
  if (ctx.node === undefined) return state.value === 'scheduling.queued' ? 0 : FALSE;
  if (ctx.terminalPhase !== undefined || initFailedUnderNever(ctx)) {
    let c = 0;
    for (const cond of podStatusOf(state, env, now).conditions ?? []) {
      const i = (TRACKED_CONDITIONS as readonly string[]).indexOf(cond.type);
      if (i >= 0) c |= code(i, cond.status === 'True');
    }
    return c;
  }
  let containersReady = true;
  const cs = ctx.containers;
  for (let i = 0; i < cs.length; i++) {
    const s = cs[i]!;
    if (s.ctx.role !== 'init' && !ready(s)) {
      containersReady = false;
      break;
    }
  }
  // Once Initialized has been True the kubelet keeps it (GeneratePodInitializedCondition step 5
  // and re-runs after a new sandbox): only a Pod that was never initialized needs the scan.
  const initialized = ctx.everInitialized || initializedNow(state);
  let podReady = containersReady;
  const gates = ctx.pod.spec.readinessGates;
  if (gates !== undefined)
    for (const g of gates) if (ctx.gates[g.conditionType]?.status !== 'True') podReady = false;
  // MarkPodsNotReady: the node lifecycle controller sets Ready=False when the node stops reporting.
  if (env.profile === 'current' && env.nodes.get(ctx.node)?.lost) podReady = false;
  return (
    code(0, true) |
    code(1, ctx.podIP !== undefined) |
    code(2, initialized) |
    code(3, podReady) |
    code(4, containersReady)
  );
}

/**
 * GeneratePodInitializedCondition for a Pod never initialized: every init container is done (a
 * regular one shown terminated with exit 0, a sidecar started). Its other way to True, a regular
 * container that ran, cannot hold here: an app container's start sets everInitialized
 * (applyContainerEvent), so a Pod asked about has none up and none that ran.
 */
function initializedNow(state: PodState): boolean {
  for (const s of state.ctx.containers) {
    const role = s.ctx.role;
    if (role === 'init') {
      if (!(shownTerminated(state, s) && s.ctx.current!.exitCode === 0)) return false;
    } else if (role === 'sidecar' && !isStartedState(s.value)) return false;
  }
  return true;
}
