import type { Engine, EventLog, Transition } from '@podstate/core';
import { createEngine, PodstateError, profileOf } from '@podstate/core/views';
import { foldEvent, StatusProjection, type TransitionFold } from '@podstate/projections/views';
import { type ConfigEvent, isConfigEvent } from '@podstate/scenario/views';

export { profileOf };

/** An engine replayed from a log, with the status fold and the log's latest event time. */
export interface LoadedEngine {
  engine: Engine;
  status: StatusProjection;
  /** Time of the last event replayed (ms), undefined for an empty log. */
  lastTime?: number;
  lastSeq: number;
  events: number;
  /** Every Secret and ConfigMap event so far, for the volume and env projections' history. */
  configEvents: ConfigEvent[];
}

export type { ConfigEvent };
export { isConfigEvent };

/**
 * Replays a log (up to `until`, when given: a seq or a time in ms) into a fresh engine and the
 * status projection. A log that does not replay is damaged: exit 3 with the seq and the reason.
 */
export async function loadEngine(
  log: EventLog,
  until?: { seq?: number; time?: number },
  onTransition?: (engine: Engine, t: Transition) => void,
): Promise<LoadedEngine> {
  let engine: Engine | undefined;
  const status = new StatusProjection();
  let lastTime: number | undefined;
  let lastSeq = 0;
  let events = 0;
  const configEvents: ConfigEvent[] = [];
  const folds: TransitionFold[] = onTransition ? [status, { apply: onTransition }] : [status];
  if (until?.seq === 0) return { engine: createEngine(), status, lastSeq, events, configEvents };
  for await (const e of log.read(until?.seq !== undefined ? { to: until.seq } : {})) {
    engine ??= createEngine({ profile: profileOf(e) });
    if (until?.time !== undefined && Date.parse(e.time) > until.time) break;
    const r = foldEvent(engine, e, folds);
    if (!r.ok) {
      throw new PodstateError(
        'damaged_log',
        `event seq ${e.seq} (${e.type}) does not replay: ${r.rejection.message}`,
      );
    }
    if (isConfigEvent(e.type)) configEvents.push(e);
    lastTime = r.transition.time;
    lastSeq = e.seq;
    events++;
  }
  return { engine: engine ?? createEngine(), status, lastTime, lastSeq, events, configEvents };
}

/** The loaded state of an empty log. */
export function emptyEngine(): LoadedEngine {
  return { engine: createEngine(), status: new StatusProjection(), lastSeq: 0, events: 0, configEvents: [] };
}
