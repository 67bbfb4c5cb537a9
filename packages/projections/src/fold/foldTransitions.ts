import { createRequire } from 'node:module';
import type { ApplyResult, Engine, EventInput, Rejection, Transition } from '@podstate/core';
import { PodstateError } from '@podstate/core/errors';
import type * as Rx from 'rxjs';

// RxJS (~220 modules) is loaded when an operator is first built, not by every importer of the
// projections (`podstate get pods` folds with foldEvent and never needs it).
let rx: typeof Rx | undefined;
const loadRx = () => {
  rx ??= createRequire(import.meta.url)('rxjs') as typeof Rx;
  return rx;
};

/**
 * Anything folded over the engine's accepted transitions: StatusProjection, TimelineProjection,
 * or a caller's own. `apply` is called once per accepted event, after the engine accepted it.
 */
export interface TransitionFold {
  apply(engine: Engine, t: Transition): void;
}

/**
 * The one way to fold projections: applies `event` to the engine and, when it is accepted, folds
 * its transition into every fold in order. A refused event changes nothing (neither the engine nor
 * any fold) and its rejection is returned. No allocation beyond the engine's own.
 *
 * ```ts
 * const status = new StatusProjection();
 * for (const e of events) foldEvent(engine, e, [status]);
 * ```
 */
export function foldEvent(engine: Engine, event: EventInput, folds: readonly TransitionFold[]): ApplyResult {
  const r = engine.apply(event);
  if (r.ok) for (let i = 0; i < folds.length; i++) folds[i]!.apply(engine, r.transition);
  return r;
}

/** An event the fold accepted, with the engine that folded it and its transition. */
export interface FoldedEvent<E extends EventInput = EventInput> {
  event: E;
  engine: Engine;
  transition: Transition;
}

/**
 * Raised (or signalled as the observable's error) when the engine refuses an event of a fold: a
 * `PodstateError` with code `damaged_log` (the log does not replay).
 */
export class RejectedEventError<E extends EventInput = EventInput> extends PodstateError {
  readonly event: E;
  readonly rejection: Rejection;

  constructor(event: E, rejection: Rejection) {
    super('damaged_log', `${event.type} on ${event.stream} does not apply: ${rejection.message}`, {
      seq: event.seq,
      rejection,
    });
    this.name = 'RejectedEventError';
    this.event = event;
    this.rejection = rejection;
  }
}

/** What `foldTransitions` does with an event the engine refuses. */
export interface FoldOptions {
  /** `error` (default): the observable errors with a RejectedEventError; `skip`: the event is left out, as replaying a generated trace does. */
  onRejected?: 'error' | 'skip';
}

/**
 * The RxJS form of `foldEvent`: each source event is applied to the engine and folded into
 * `folds`; every accepted event is emitted with its transition. The engine is either given (and
 * then shared by every subscription: subscribe once) or made from the first event by `engine`
 * (e.g. `(e) => createEngine({ profile: profileOf(e) })`), a fresh one per subscription.
 */
export function foldTransitions<E extends EventInput>(
  engine: Engine | ((first: E) => Engine),
  folds: readonly TransitionFold[] | (() => readonly TransitionFold[]),
  options: FoldOptions = {},
): Rx.OperatorFunction<E, FoldedEvent<E>> {
  return (source) =>
    new (loadRx().Observable)<FoldedEvent<E>>((subscriber) => {
      let current = typeof engine === 'function' ? undefined : engine;
      const mine = typeof folds === 'function' ? folds() : folds;
      return source.subscribe({
        next(event) {
          let r: ApplyResult;
          try {
            current ??= (engine as (first: E) => Engine)(event);
            r = foldEvent(current, event, mine);
          } catch (err) {
            // A fold that throws ends the stream with its error (never an unhandled throw).
            subscriber.error(err);
            return;
          }
          if (r.ok) subscriber.next({ event, engine: current, transition: r.transition });
          else if (options.onRejected !== 'skip') {
            subscriber.error(new RejectedEventError(event, r.rejection));
          }
        },
        error: (err) => subscriber.error(err),
        complete: () => subscriber.complete(),
      });
    });
}
