/**
 * Test-only: folds a StatusProjection (or a look-alike) over an event list, and compares the
 * incremental fold with a fold from scratch at every seq.
 */

import { isDeepStrictEqual } from 'node:util';
import {
  createEngine,
  type Engine,
  type EventInput,
  type NodeLostProfile,
  type Transition,
} from '@podstate/core';
import { foldEvent, type PodObject } from '@podstate/projections';

/** What the comparison needs of a projection. */
export interface Projection {
  apply(engine: Engine, t: Transition): void;
  get(engine: Engine, uid: string, now: number): PodObject | undefined;
}

/** Replays `events` (rejected ones are skipped, as a log replay would) into a fresh engine and projection. */
export function replay(events: readonly EventInput[], profile: NodeLostProfile, make: () => Projection) {
  const engine = createEngine({ profile });
  const projection = make();
  for (const e of events) {
    foldEvent(engine, e, [projection]);
  }
  return { engine, projection };
}

/**
 * "From scratch" = the prefix up to and including event i replayed into a fresh engine and a
 * fresh projection, then `get` at the time of event i. The incremental side folds every event
 * once and, between events, also reads every Pod `peekMs` later (as `watch` or `--at` do), so a
 * `get` with side effects shows up. Returns the first difference, or undefined.
 */
export function firstIncrementalMismatch(
  events: readonly EventInput[],
  profile: NodeLostProfile,
  make: () => Projection,
  peekMs = 7_000,
): string | undefined {
  const engine = createEngine({ profile });
  const projection = make();
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    foldEvent(engine, e, [projection]);
    const now = Date.parse(e.time);
    const scratch = replay(events.slice(0, i + 1), profile, make);
    const uids = [...engine.pods.keys()];
    if (!isDeepStrictEqual(uids, [...scratch.engine.pods.keys()])) return `#${i} ${e.type}: other live Pods`;
    for (const uid of uids) {
      const inc = projection.get(engine, uid, now);
      const fresh = scratch.projection.get(scratch.engine, uid, now);
      if (!isDeepStrictEqual(inc, fresh)) {
        return `#${i} ${e.type}: Pod ${uid} differs: incremental ${JSON.stringify(inc?.status)} from scratch ${JSON.stringify(fresh?.status)}`;
      }
      projection.get(engine, uid, now + peekMs);
    }
  }
  return undefined;
}
