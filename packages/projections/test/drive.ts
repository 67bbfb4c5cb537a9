/**
 * Test harness: replays given/ev steps into a real engine with a StatusProjection folded over
 * every accepted transition, and projects the Pod (toPodObject via the projection, printPod).
 * Every table case of this folder goes through it, so no status is built by hand.
 */
import {
  createEngine,
  type Engine,
  type EngineOptions,
  type PodState,
  type RefusalCode,
} from '@podstate/core';
import { type Step, toEvents } from '@podstate/core/testing';
import {
  foldEvent,
  type PodObject,
  type PodRow,
  type PodStatus,
  printPod,
  StatusProjection,
} from '@podstate/projections';

/** A projected Pod of a bound or unbound Pod: the projection always fills `status`. */
export type ProjectedPod = PodObject & { status: PodStatus };

/** What a driven scenario ends in. */
export interface Driven {
  engine: Engine;
  projection: StatusProjection;
  /** Time of the last step, ms: the log's latest event time. */
  last: number;
  /** The engine's state of Pod u1 (throws when it was removed). */
  state: PodState;
  /** Pod u1 as projected at `now` (default: the last step's time). */
  pod(now?: number): ProjectedPod;
  /** The `kubectl get pods` row of Pod u1 at `now` (default: the last step's time). */
  row(now?: number): PodRow;
}

/** Replays `steps` (all must be accepted) with the status projection folded along. */
export function drive(steps: Step[], options: EngineOptions = {}, uid = 'u1'): Driven {
  const engine = createEngine(options);
  const projection = new StatusProjection();
  const events = toEvents(steps);
  for (const e of events) {
    const r = foldEvent(engine, e, [projection]);
    if (!r.ok) throw new Error(`drive: ${e.type} at ${e.time} was refused: ${r.rejection.message}`);
  }
  const last = Date.parse(events[events.length - 1]!.time);
  const state = engine.pods.get(uid);
  if (state === undefined) throw new Error(`drive: no live Pod ${uid} after the steps`);
  const pod = (now = last) => projection.get(engine, uid, now) as ProjectedPod;
  return { engine, projection, last, state, pod, row: (now = last) => printPod(pod(now), now) };
}

/** The first refusal among `steps` (undefined when all are accepted). */
export function refusal(steps: Step[], options: EngineOptions = {}): RefusalCode | undefined {
  const engine = createEngine(options);
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) return r.rejection.code;
  }
  return undefined;
}

/** A Pod manifest in the default namespace. */
export function podManifest(name: string, spec: Record<string, unknown>) {
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'default' }, spec };
}
