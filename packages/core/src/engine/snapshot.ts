import { PodstateError } from '../errors.js';
import { copyContainer, copyPod } from '../machines/copy.js';
import type { ContainerSlot } from '../machines/types.js';
import { createEngine, type Engine, type EngineOptions } from './createEngine.js';
import type { ConfigObject, NodeInfo, NodeLostProfile } from './env.js';
import type { PodState, RemovedPod } from './types.js';

/** A Node as a snapshot stores it: the image cache as a sorted array. */
export interface NodeSnapshot extends Omit<NodeInfo, 'images'> {
  images: string[];
}

/**
 * Everything an engine knows, as plain JSON (no Maps, Sets, Infinity or undefined-only
 * fields): write it anywhere, read it back with restoreEngine, replay the tail.
 */
export interface EngineSnapshot {
  v: 1;
  seq: number;
  /** Latest event time (ms), or null before any event. */
  time: number | null;
  profile: NodeLostProfile;
  registeredNodes: number;
  nodes: NodeSnapshot[];
  secrets: ConfigObject[];
  configMaps: ConfigObject[];
  pods: PodState[];
  removed: RemovedPod[];
}

/**
 * The engine's state serialised as JSON in one pass: `JSON.parse` of it is the snapshot. Equal
 * strings mean equal states (I1, I13 compare them). Not for the hot path.
 * @internal
 */
export function engineStateJSON(engine: Engine): string {
  const env = engine.env;
  const snap: EngineSnapshot = {
    v: 1,
    seq: engine.seq,
    time: Number.isFinite(env.time) ? env.time : null,
    profile: env.profile,
    registeredNodes: env.registeredNodes,
    nodes: [...env.nodes.values()].map((n) => ({ ...n, images: [...n.images].sort() })),
    secrets: [...env.secrets.values()],
    configMaps: [...env.configMaps.values()],
    pods: [...engine.pods.values()],
    removed: [...engine.removed.values()],
  };
  return JSON.stringify(snap);
}

/** The engine's state as a detached, JSON-serialisable value. Not for the hot path. @internal */
export function snapshotEngine(engine: Engine): EngineSnapshot {
  // A JSON round trip both proves the value serialisable and detaches it from live state.
  return JSON.parse(engineStateJSON(engine)) as EngineSnapshot;
}

/**
 * Copies a Pod's slots so the restored engine shares no object with the snapshot. The copies are
 * the engine's own (every field, in one order), so restored contexts share the hidden class of
 * replayed ones.
 */
function restorePod(p: PodState): PodState {
  // Built by push, not `map` (optimised code's `map` makes a holey array): one kind of
  // containers array, as replay makes them.
  const containers: ContainerSlot[] = [];
  for (const s of p.ctx.containers) containers.push({ value: s.value, ctx: copyContainer(s.ctx) });
  const ctx = copyPod(p.ctx);
  ctx.containers = containers;
  return { value: p.value, ctx };
}

/**
 * An engine in the state `snapshot` describes; applying the events after it gives the same
 * state as a full replay (invariant I1).
 * @example const e2 = restoreEngine(JSON.parse(JSON.stringify(e1.snapshot())));
 */
export function restoreEngine(
  snapshot: EngineSnapshot,
  options: Omit<EngineOptions, 'profile'> = {},
): Engine {
  if (snapshot.v !== 1)
    throw new PodstateError(
      'bad_input',
      `restoreEngine: snapshot version ${String(snapshot.v)} is not supported (expected 1)`,
    );
  const engine = createEngine({ ...options, profile: snapshot.profile });
  const env = engine.env;
  env.time = snapshot.time ?? Number.NEGATIVE_INFINITY;
  env.registeredNodes = snapshot.registeredNodes;
  for (const n of snapshot.nodes) env.nodes.set(n.name, { ...n, images: new Set(n.images) });
  for (const s of snapshot.secrets) env.secrets.set(`${s.namespace}/${s.name}`, { ...s });
  for (const c of snapshot.configMaps) env.configMaps.set(`${c.namespace}/${c.name}`, { ...c });
  for (const p of snapshot.pods) {
    const pod = restorePod(p);
    engine.pods.set(pod.ctx.uid, pod);
    engine.names.set(`${pod.ctx.namespace}/${pod.ctx.name}`, pod.ctx.uid);
  }
  for (const r of snapshot.removed) engine.removed.set(r.uid, { ...r });
  engine.seq = snapshot.seq;
  return engine;
}
