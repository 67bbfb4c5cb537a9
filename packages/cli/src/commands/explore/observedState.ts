import { createEngine } from '@podstate/core';
import { foldEvent, printPod, StatusProjection } from '@podstate/projections';
import type { ExploredLifecycle } from './generateLifecycle.js';

/**
 * The Pod as `podstate run` would show it after the lifecycle's last event, as an `expect:`
 * (phase, kubectl STATUS, READY, RESTARTS); `{}` when the Pod was removed. Replaying the
 * counterexample to this state shows the replay reached the state the violation was seen in.
 */
export function observedState(lc: ExploredLifecycle): Record<string, unknown> {
  const engine = createEngine({ profile: lc.profile });
  const status = new StatusProjection();
  const folds = [status];
  for (const e of lc.events) foldEvent(engine, e, folds);
  const now = Date.parse(lc.events[lc.events.length - 1]!.time);
  const object = engine.pods.has(lc.uid) ? status.get(engine, lc.uid, now) : undefined;
  if (object === undefined) return {};
  const row = printPod(object, now);
  return {
    phase: object.status?.phase,
    status: row.status,
    ready: row.ready,
    restarts: Number.parseInt(row.restarts, 10),
  };
}
