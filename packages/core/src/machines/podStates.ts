import type { PodStateValue } from './types.js';

/** The top-level state of the Pod chart: the stage of the Pod's life. */
export type PodStage = 'scheduling' | 'sandbox' | 'containers' | 'terminating' | 'finished' | 'removed';

/** The stage (top-level Pod chart state) of a Pod state value: `podStage('sandbox.creating')` is `sandbox`. Pure. */
export function podStage(value: PodStateValue): PodStage {
  const dot = value.indexOf('.');
  return (dot < 0 ? value : value.slice(0, dot)) as PodStage;
}

/** Not bound to a node yet (`scheduling.*`). Pure. */
export const isSchedulingState = (value: PodStateValue): boolean => value.startsWith('scheduling.');
/** Bound, no ready sandbox (`sandbox.*`). Pure. */
export const isSandboxState = (value: PodStateValue): boolean => value.startsWith('sandbox.');
/** The sandbox is ready and the Pod is not being deleted (`containers.*`). Pure. */
export const isContainersState = (value: PodStateValue): boolean => value.startsWith('containers.');
/** Deletion requested, containers still stopping (`terminating.stoppingContainers`). Pure. */
export const isStoppingPodState = (value: PodStateValue): boolean =>
  value === 'terminating.stoppingContainers';
/**
 * Every container stopped for good and the phase is terminal (`finished.*`, or a deleted Pod in
 * `terminating.awaitingRemoval`). Pure.
 */
export const isTerminalPodState = (value: PodStateValue): boolean =>
  value.startsWith('finished.') || value === 'terminating.awaitingRemoval';
