import type { Engine, PodState } from '@podstate/core';
import { nearest, PodstateError } from '@podstate/core';
import type { StatusProjection } from '@podstate/projections';
import { type PodObject, type PodRow, printPod } from '@podstate/projections';

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

/** Finds a live Pod by `name` or `namespace/name`; an unknown name is bad input naming the nearest. */
export function findPod(engine: Engine, name: string): PodState {
  const p = engine.podByName(name);
  if (p !== undefined) return p;
  const names = [...engine.pods.values()].map((s) => s.ctx.name);
  const guess = nearest(name, names);
  const hint = guess
    ? ` Did you mean "${guess}"?`
    : names.length > 0
      ? ` Pods: ${names.join(', ')}`
      : ' The log has no Pods.';
  throw new PodstateError('bad_input', `no Pod named "${name}" in the log.${hint}`);
}
