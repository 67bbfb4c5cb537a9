import type { Trace, Violation } from '@podstate/core/invariants';
import { createEngine } from '@podstate/core/runtime';
import { foldEvent } from '../fold/foldTransitions.js';
import type { ContainerStatus, PodCondition, PodObject, PodStatus } from '../kube/types.js';
import { StatusProjection } from './statusProjection.js';

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

const cond = (pod: ProjectedPodObject, type: string): PodCondition | undefined =>
  pod.status.conditions?.find((c) => c.type === type);

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
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const regularInits = (pod.status.initContainerStatuses ?? []).filter((s) => !sidecars.has(s.name));
  const incomplete = regularInits.filter((s) => s.state.terminated?.exitCode !== 0).map((s) => s.name);
  if (incomplete.length === 0) return [];
  const ran = (pod.status.containerStatuses ?? []).some(
    (s) =>
      s.state.running !== undefined ||
      s.state.terminated !== undefined ||
      s.lastState.terminated !== undefined,
  );
  if (ran) return [];
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
  const out: PodViolation[] = [];
  const v = (message: string) => out.push({ invariant: 'I5', message });
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const considered: ContainerStatus[] = [
    ...(pod.status.initContainerStatuses ?? []).filter((s) => sidecars.has(s.name)),
    ...(pod.status.containerStatuses ?? []),
  ];
  const ready = cond(pod, 'Ready')?.status === 'True';
  const containersReady = cond(pod, 'ContainersReady')?.status === 'True';
  if (ready && !containersReady) v('Ready=True while ContainersReady is not True');
  if (ready) {
    for (const g of pod.spec.readinessGates ?? [])
      if (cond(pod, g.conditionType)?.status !== 'True')
        v(`Ready=True while readiness gate ${g.conditionType} is not True`);
  }
  if (containersReady) {
    for (const s of considered)
      if (!(s.ready && s.state.running && s.started === true))
        v(`ContainersReady=True while container ${s.name} is not running, started and ready`);
  }
  for (const s of considered)
    if (s.ready && !(s.state.running && s.started === true))
      v(`container ${s.name} is ready but not running and started`);
  return out;
}

/**
 * Folds a StatusProjection over the trace's events (foldEvent, the one fold) and checks I2, I4 and
 * I5 on the Pod object of every accepted Pod event, as `kubectl get pod -o json` would show it at
 * that event. Violations are named `I2 (projected)` etc.; `step` is the event's index.
 */
export function checkProjectedPods(trace: Trace): Violation[] {
  const out: Violation[] = [];
  const engine = createEngine({ profile: trace.profile });
  const status = new StatusProjection();
  const folds = [status];
  const phases = new Map<string, string[]>();
  trace.steps.forEach((s, i) => {
    const r = foldEvent(engine, s.event, folds);
    if (!r.ok || s.uid === undefined || !engine.pods.has(s.uid)) return;
    const pod = status.get(engine, s.uid, r.transition.time) as ProjectedPodObject;
    const history = phases.get(s.uid) ?? [];
    const was = history[history.length - 1];
    history.push(pod.status.phase ?? 'Pending');
    phases.set(s.uid, history);
    const found = [
      ...(was === undefined ? [] : checkProjectedI2([was, history[history.length - 1]!])),
      ...checkProjectedI4(pod),
      ...checkProjectedI5(pod),
    ];
    for (const v of found)
      out.push({ invariant: `${v.invariant} (projected)`, step: i, message: `Pod ${s.uid}: ${v.message}` });
  });
  return out;
}
