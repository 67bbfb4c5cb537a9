import type { Engine, EngineSnapshot } from '@podstate/core';

/**
 * `JSON.stringify(snapshotEngine(engine))` in one serialisation instead of three (snapshotEngine
 * round-trips through JSON to detach its value). `JSON.parse` of the result is the snapshot,
 * so nothing is lost: I13 compares these strings around every refused event. Pure.
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
