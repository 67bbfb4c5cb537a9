import { createEngine, type EngineOptions } from '@podstate/core';
import { type PodObject, type PodRow, printPod, StatusProjection } from '@podstate/projections';
import type { NoLegalSequence } from './deriveFacts.js';
import type { ObservedPod, Recording } from './parseRecording.js';
import { type ImportPlan, planImport } from './planImport.js';

/** One field where podstate and the cluster disagree, with the rule that decided podstate's value. */
export interface Difference {
  field: string;
  observed: unknown;
  podstate: unknown;
  rule: string;
}

/** The comparison of one Pod. */
export interface PodConformance {
  name: string;
  where: string;
  /** Fields compared (phase, each condition, each container field, each row column). */
  compared: number;
  differences: Difference[];
  /** Set when import found no legal sequence: nothing was compared. */
  refused?: NoLegalSequence;
  /** podstate's Pod object and row at the observation time. */
  podstate?: { object: PodObject; row: PodRow };
  /**
   * The earlier observations of the Pod (a watch stream), oldest first, each compared with
   * podstate's view at its instant; `compared`/`differences` above are the last observation's.
   */
  earlier: ObservationConformance[];
}

/** The comparison of one earlier observation of a Pod. */
export interface ObservationConformance {
  where: string;
  /** The instant of the observation, ms. */
  at: number;
  compared: number;
  differences: Difference[];
}

/** The upstream function that decides each compared field (kubernetes/kubernetes). */
export const RULES = {
  phase: 'pod phase from container states (pkg/kubelet/kubelet_pods.go getPhase)',
  PodScheduled: 'PodScheduled is set by the scheduler binding (pkg/scheduler/schedule_one.go)',
  PodReadyToStartContainers:
    'sandbox ready (pkg/kubelet/status/generate.go GeneratePodReadyToStartContainersCondition)',
  Initialized: 'init containers done (pkg/kubelet/status/generate.go GeneratePodInitializedCondition)',
  ContainersReady: 'every container ready (pkg/kubelet/status/generate.go GenerateContainersReadyCondition)',
  Ready: 'containers ready and readiness gates (pkg/kubelet/status/generate.go GeneratePodReadyCondition)',
  DisruptionTarget: 'eviction/deletion disruption (pkg/kubelet/eviction, pkg/controller/podgc)',
  state: 'container state and waiting reason (pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses)',
  lastState: 'last termination (pkg/kubelet/kubelet_pods.go convertToAPIContainerStatuses)',
  restartCount:
    'restart count (pkg/kubelet/kuberuntime/kuberuntime_manager.go computePodActions, restartCount)',
  ready: 'container readiness from probes (pkg/kubelet/prober/prober_manager.go UpdatePodStatus)',
  started: 'startup probe (pkg/kubelet/prober/prober_manager.go UpdatePodStatus)',
  row: 'the kubectl get pods row (pkg/printers/internalversion/printers.go printPod)',
  podIP: 'the sandbox IP (pkg/kubelet/kubelet_pods.go generateAPIPodStatus)',
} as const;

type Rec = Record<string, unknown>;
const isRec = (v: unknown): v is Rec => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `waiting:CrashLoopBackOff`, `running`, `terminated:1/Error`, or `none`. */
export function stateKey(state: unknown): string {
  if (!isRec(state)) return 'none';
  if (isRec(state.waiting)) return `waiting:${state.waiting.reason ?? ''}`;
  if (isRec(state.running)) return 'running';
  if (isRec(state.terminated))
    return `terminated:${state.terminated.exitCode ?? '?'}/${state.terminated.reason ?? ''}`;
  return 'none';
}

/**
 * Compares an observed Pod with podstate's, field by field: phase, status.reason, podIP, each
 * observed condition (status and reason; condition types the cluster's version does not report
 * are not compared), each container's state, lastState, ready, started, restartCount, and the
 * kubectl row (READY, STATUS, RESTARTS, IP, NODE) both measured at `now`. Pure.
 */
export function comparePod(
  observed: ObservedPod,
  ours: PodObject,
  now: number,
): { compared: number; differences: Difference[] } {
  const differences: Difference[] = [];
  let compared = 0;
  const check = (field: string, a: unknown, b: unknown, rule: string) => {
    compared++;
    if (JSON.stringify(a) !== JSON.stringify(b)) differences.push({ field, observed: a, podstate: b, rule });
  };
  const os = (observed.status ?? {}) as Rec;
  const ps = (ours.status ?? {}) as unknown as Rec;
  check('status.phase', os.phase, ps.phase, RULES.phase);
  if (os.reason !== undefined || ps.reason !== undefined)
    check('status.reason', os.reason, ps.reason, RULES.phase);
  if (os.podIP !== undefined) check('status.podIP', os.podIP, ps.podIP, RULES.podIP);
  const ourConds = new Map(((ps.conditions as Rec[]) ?? []).map((c) => [c.type as string, c]));
  for (const c of (os.conditions as Rec[] | undefined) ?? []) {
    const type = String(c.type);
    const mine = ourConds.get(type);
    const rule = (RULES as Record<string, string>)[type] ?? 'readiness gate set by its controller';
    check(`status.conditions[${type}].status`, c.status, mine?.status, rule);
    if (c.reason !== undefined || mine?.reason !== undefined)
      check(`status.conditions[${type}].reason`, c.reason, mine?.reason, rule);
  }
  for (const key of ['initContainerStatuses', 'containerStatuses'] as const) {
    const mine = new Map(((ps[key] as Rec[]) ?? []).map((s) => [s.name as string, s]));
    for (const s of (os[key] as Rec[] | undefined) ?? []) {
      const n = String(s.name);
      const m = mine.get(n);
      const f = `status.${key}[${n}]`;
      check(`${f}.state`, stateKey(s.state), stateKey(m?.state), RULES.state);
      const lastO = stateKey(s.lastState);
      const lastM = stateKey(m?.lastState);
      if (lastO !== 'none' || lastM !== 'none') check(`${f}.lastState`, lastO, lastM, RULES.lastState);
      check(`${f}.ready`, s.ready, m?.ready, RULES.ready);
      if (s.started !== undefined) check(`${f}.started`, s.started, m?.started, RULES.started);
      check(`${f}.restartCount`, s.restartCount ?? 0, m?.restartCount, RULES.restartCount);
    }
  }
  // Recordings from before Kubernetes 1.16 have podIP only; today's kubectl reads podIPs.
  const seen =
    os.podIP !== undefined && os.podIPs === undefined
      ? { ...observed, status: { ...os, podIPs: [{ ip: os.podIP }] } }
      : observed;
  const theirs = printPod(seen as unknown as PodObject, now);
  const row = printPod(ours, now);
  for (const col of ['ready', 'status', 'restarts', 'ip', 'node'] as const)
    check(`kubectl get pods ${col.toUpperCase()}`, theirs[col], row[col], RULES.row);
  return { compared, differences };
}

/** Conformance of a whole recording: import in memory, replay, compare every Pod. */
export interface ConformResult {
  plan: ImportPlan;
  pods: PodConformance[];
}

/**
 * Imports a recording into a fresh in-memory engine, replays it, and compares each Pod with
 * what the cluster showed at its observation time. Pure.
 */
export function conformRecording(recording: Recording, options: EngineOptions = {}): ConformResult {
  const plan = planImport(recording, undefined, options);
  const engine = createEngine(options);
  const status = new StatusProjection();
  // Earlier observations of accepted Pods, compared as the replay passes their instants.
  const pending = plan.pods
    .filter((p) => p.refused === undefined)
    .flatMap((p) => p.observations.slice(0, -1).map((o) => ({ p, o })))
    .sort((a, b) => a.o.at - b.o.at);
  const earlier = new Map<string, ObservationConformance[]>();
  let next = 0;
  const compareDue = (before: number) => {
    for (; next < pending.length && pending[next]!.o.at < before; next++) {
      const { p, o } = pending[next]!;
      const object = status.get(engine, p.uid, o.at);
      const result =
        object === undefined
          ? {
              compared: 1,
              differences: [
                { field: 'metadata.name', observed: p.name, podstate: undefined, rule: 'pod.created' },
              ],
            }
          : comparePod(o.pod, object, o.at);
      earlier.set(p.uid, [...(earlier.get(p.uid) ?? []), { where: o.where, at: o.at, ...result }]);
    }
  };
  for (const e of plan.events) {
    compareDue(Date.parse(e.time));
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`podstate bug: a planned import fact was refused: ${r.rejection.message}`);
    status.apply(engine, r.transition);
  }
  compareDue(Number.POSITIVE_INFINITY);
  const end = engine.env.time;
  const pods: PodConformance[] = plan.pods.map((p) => {
    const before = earlier.get(p.uid) ?? [];
    if (p.refused !== undefined)
      return { name: p.name, where: p.where, compared: 0, differences: [], refused: p.refused, earlier: [] };
    const now = Math.max(p.observedAt, end);
    const object = status.get(engine, p.uid, now);
    if (object === undefined)
      return {
        name: p.name,
        where: p.where,
        compared: 1,
        differences: [{ field: 'metadata.name', observed: p.name, podstate: undefined, rule: 'pod.removed' }],
        earlier: before,
      };
    const { compared, differences } = comparePod(p.observed, object, now);
    return {
      name: p.name,
      where: p.where,
      compared,
      differences,
      podstate: { object, row: printPod(object, now) },
      earlier: before,
    };
  });
  return { plan, pods };
}
