import { createEngine, type Engine, profileOf, type RecordedEvent } from '@podstate/core';
import { defer, map, type OperatorFunction } from 'rxjs';
import {
  type FoldedEvent,
  type FoldOptions,
  foldTransitions,
  type TransitionFold,
} from '../fold/foldTransitions.js';
import { StatusProjection } from '../status/statusProjection.js';

/** The log folded up to one event: the engine, the status fold, and what the event did. */
export interface Replayed<E extends RecordedEvent = RecordedEvent> extends FoldedEvent<E> {
  /** The Pod status fold (conditions' lastTransitionTime), kept in step with the engine. */
  status: StatusProjection;
}

/** Options of {@link replayInto}. */
export interface ReplayIntoOptions extends FoldOptions {
  /** The engine to fold into (shared by every subscription: subscribe once). Default: a fresh engine per subscription, with the log's node-lost profile. */
  engine?: Engine;
  /** More folds to keep in step, made per subscription (e.g. `() => [new TimelineProjection()]`). */
  folds?: () => readonly TransitionFold[];
}

/**
 * Replays a log stream (`log.read$()`, `log.live$()`) into an engine and the Pod status fold: each
 * accepted event is emitted with the engine, its transition and the status projection, so the
 * per-Pod operators (`podStatus`, `podRow`, `podRowChanges`) can read views from it. Built on
 * `foldTransitions`; an event the engine refuses errors the stream with a `RejectedEventError`
 * (a `PodstateError`, code `damaged_log`) unless `onRejected: 'skip'`.
 *
 * ```ts
 * log.live$().pipe(replayInto(), podStatus('web')).subscribe((pod) => console.log(pod?.status?.phase));
 * ```
 */
export function replayInto<E extends RecordedEvent>(
  options: ReplayIntoOptions = {},
): OperatorFunction<E, Replayed<E>> {
  return (source) =>
    defer(() => {
      const status = new StatusProjection();
      const engine = options.engine ?? ((first: E) => createEngine({ profile: profileOf(first) }));
      return source.pipe(
        foldTransitions<E>(engine, [status, ...(options.folds?.() ?? [])], options),
        map((f): Replayed<E> => ({ ...f, status })),
      );
    });
}
