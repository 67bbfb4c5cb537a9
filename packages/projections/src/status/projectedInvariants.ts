import type { ApplyResult, Engine, NodeLostProfile } from '@podstate/core';
import type { StepChecker, Trace, TraceStep, Violation } from '@podstate/core/invariants';
import { createEngine } from '@podstate/core/runtime';
import type { PodCondition, PodObject, PodStatus } from '../kube/types.js';
import { podStatusOf } from './podObject.js';

/**
 * DESIGN.md I2, I4 and I5 checked on projected Pod objects (what a user reads), not on the
 * engine's context: the phase is terminal for good, Initialized=True only after the init
 * containers, Ready/ContainersReady only over ready containers and true readiness gates.
 */

/** A Pod object with its status, as StatusProjection gives it. */
export type ProjectedPodObject = PodObject & { status: PodStatus };

/** A projected invariant broken by one Pod object. */
export interface PodViolation {
  invariant: 'I2' | 'I4' | 'I5';
  message: string;
}

function cond(pod: ProjectedPodObject, type: string): PodCondition | undefined {
  const cs = pod.status.conditions;
  if (cs === undefined) return undefined;
  for (let i = 0; i < cs.length; i++) if (cs[i]!.type === type) return cs[i];
  return undefined;
}

/** Whether `name` is a sidecar (an init container with `restartPolicy: Always`) of the Pod. */
function isSidecar(pod: ProjectedPodObject, name: string): boolean {
  const inits = pod.spec.initContainers;
  if (inits === undefined) return false;
  for (let i = 0; i < inits.length; i++)
    if (inits[i]!.name === name) return inits[i]!.restartPolicy === 'Always';
  return false;
}

/** I2: once a Pod's projected phase is Succeeded or Failed, it never changes (phases in seq order). */
export function checkProjectedI2(phases: readonly string[]): PodViolation[] {
  const out: PodViolation[] = [];
  const first = phases.findIndex((p) => p === 'Succeeded' || p === 'Failed');
  if (first < 0) return out;
  phases.slice(first + 1).forEach((p, i) => {
    if (p !== phases[first])
      out.push({
        invariant: 'I2',
        message: `phase ${phases[first]} at #${first} became ${p} at #${first + 1 + i}`,
      });
  });
  return out;
}

/** I4: Initialized=True ⇒ every regular init container completed, or a regular container has run. */
export function checkProjectedI4(pod: ProjectedPodObject): PodViolation[] {
  if (cond(pod, 'Initialized')?.status !== 'True') return [];
  const incomplete: string[] = [];
  for (const s of pod.status.initContainerStatuses ?? [])
    if (!isSidecar(pod, s.name) && s.state.terminated?.exitCode !== 0) incomplete.push(s.name);
  if (incomplete.length === 0) return [];
  for (const s of pod.status.containerStatuses ?? [])
    if (
      s.state.running !== undefined ||
      s.state.terminated !== undefined ||
      s.lastState.terminated !== undefined
    )
      return [];
  return [
    {
      invariant: 'I4',
      message: `Initialized=True but init container(s) ${incomplete.join(', ')} have not completed and no regular container has run`,
    },
  ];
}

/**
 * I5: Ready=True ⇒ ContainersReady=True and every readiness gate True; ContainersReady=True ⇒
 * every app and sidecar container running, started and ready; a ready app or sidecar container
 * is running and started.
 */
export function checkProjectedI5(pod: ProjectedPodObject): PodViolation[] {
  let out: PodViolation[] | undefined;
  const v = (message: string) => {
    if (out === undefined) out = [];
    out.push({ invariant: 'I5', message });
  };
  const ready = cond(pod, 'Ready')?.status === 'True';
  const containersReady = cond(pod, 'ContainersReady')?.status === 'True';
  if (ready && !containersReady) v('Ready=True while ContainersReady is not True');
  if (ready) {
    for (const g of pod.spec.readinessGates ?? [])
      if (cond(pod, g.conditionType)?.status !== 'True')
        v(`Ready=True while readiness gate ${g.conditionType} is not True`);
  }
  // The sidecars' statuses, then the app containers' (the considered containers, in that order).
  const inits = pod.status.initContainerStatuses ?? [];
  const apps = pod.status.containerStatuses ?? [];
  if (containersReady) {
    for (const s of inits)
      if (isSidecar(pod, s.name) && !(s.ready && s.state.running && s.started === true))
        v(`ContainersReady=True while container ${s.name} is not running, started and ready`);
    for (const s of apps)
      if (!(s.ready && s.state.running && s.started === true))
        v(`ContainersReady=True while container ${s.name} is not running, started and ready`);
  }
  for (const s of inits)
    if (isSidecar(pod, s.name) && s.ready && !(s.state.running && s.started === true))
      v(`container ${s.name} is ready but not running and started`);
  for (const s of apps)
    if (s.ready && !(s.state.running && s.started === true))
      v(`container ${s.name} is ready but not running and started`);
  return out ?? [];
}

/** Where {@link ProjectedPodsChecker} reads each step's engine state from: a replay already run. */
export interface ReplaySource {
  readonly engine: Engine;
  /** What the replay did with the current step's event. */
  readonly last: ApplyResult | undefined;
}

/**
 * The projected I2, I4 and I5 fed step by step (a StepChecker of `@podstate/core/invariants`):
 * checks the Pod object of every accepted Pod event (its status as toPodObject and
 * StatusProjection.get show it, and the manifest's spec). Reads the engine of `replay` when given
 * (an InvariantStream's I1 replay, so no extra engine runs), else replays the steps on an engine
 * of its own. Keeps each live Pod's last phase, forgotten when the Pod is removed. No status fold:
 * it only decides each condition's lastTransitionTime, which none of these invariants reads (a
 * condition's status is the generator's either way: mergeConditions).
 */
export class ProjectedPodsChecker implements StepChecker {
  private readonly phase = new Map<string, string>();
  private readonly own: Engine | undefined;

  constructor(
    profile: NodeLostProfile,
    private readonly replay?: ReplaySource,
  ) {
    this.own = replay === undefined ? createEngine({ profile }) : undefined;
  }

  get pods(): number {
    return this.phase.size;
  }

  step(s: TraceStep, i: number, out: Violation[]): void {
    const engine = this.own ?? this.replay!.engine;
    const r = this.own ? this.own.apply(s.event) : this.replay!.last;
    if (r === undefined || !r.ok) return;
    const uid = s.uid;
    if (uid === undefined) return;
    const state = engine.pods.get(uid);
    if (state === undefined) {
      this.phase.delete(uid);
      return;
    }
    const time = r.transition.time;
    const pod = {
      spec: state.ctx.pod.spec,
      status: podStatusOf(state, engine.env, time),
    } as ProjectedPodObject;
    const was = this.phase.get(uid);
    const now = pod.status.phase ?? 'Pending';
    this.phase.set(uid, now);
    if (was !== undefined && was !== now) this.note(checkProjectedI2([was, now]), uid, i, out);
    this.note(checkProjectedI4(pod), uid, i, out);
    this.note(checkProjectedI5(pod), uid, i, out);
  }

  private note(found: PodViolation[], uid: string, i: number, out: Violation[]): void {
    for (const v of found)
      out.push({ invariant: `${v.invariant} (projected)`, step: i, message: `Pod ${uid}: ${v.message}` });
  }
}

/**
 * Checks I2, I4 and I5 on the Pod object of every accepted Pod event of the trace, as
 * `kubectl get pod -o json` would show it at that event. Violations are named `I2 (projected)`
 * etc.; `step` is the event's index.
 */
export function checkProjectedPods(trace: Trace): Violation[] {
  const checker = new ProjectedPodsChecker(trace.profile);
  const out: Violation[] = [];
  trace.steps.forEach((s, i) => {
    checker.step(s, i, out);
  });
  return out;
}
