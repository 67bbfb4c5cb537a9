import type { Engine, PodState } from '@podstate/core';
import type { PodObject, PodRow, StatusProjection } from '@podstate/projections';
import { printPod } from '@podstate/projections/views';

/** A Pod as every view shows it: the API object and the `kubectl get pods` row. */
export interface PodView {
  state: PodState;
  object: PodObject;
  row: PodRow;
}

/** The Pod object and row of one live Pod at `now` (ms). */
export function podView(engine: Engine, status: StatusProjection, state: PodState, now: number): PodView {
  const object = status.get(engine, state.ctx.uid, now)!;
  return { state, object, row: printPod(object, now) };
}
