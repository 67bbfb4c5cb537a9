/**
 * DESIGN.md I2, I4 and I5 checked on projected Pod objects (what a user reads), not on the
 * engine's context. Test-only; each returns the violations found (empty when sound).
 */
import type { ContainerStatus, PodCondition } from '@podstate/projections';
import type { ProjectedPod } from './drive.js';

export interface PodViolation {
  invariant: 'I2' | 'I4' | 'I5';
  message: string;
}

const cond = (pod: ProjectedPod, type: string): PodCondition | undefined =>
  pod.status.conditions?.find((c) => c.type === type);

/** I2: once a Pod's projected phase is Succeeded or Failed, it never changes (phases in seq order). */
export function checkI2(phases: readonly string[]): PodViolation[] {
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
export function checkI4(pod: ProjectedPod): PodViolation[] {
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
export function checkI5(pod: ProjectedPod): PodViolation[] {
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
