import type { Engine } from '../engine/createEngine.js';
import type { NodeInfo } from '../engine/env.js';
import { engineStateJSON } from '../engine/snapshot.js';
import { jsonEqual } from '../jsonEqual.js';
import { PodStateComparer } from './podStateComparer.js';
import { sameJSON } from './sameJSON.js';

/**
 * Whether two engines are in the same state: `engineStateJSON(a)` and `engineStateJSON(b)` equal
 * as JSON values (key order aside, as I1 and I13 compare them). Answered by walking the engines'
 * own maps first (no strings built; Pod states through `pods`, which remembers manifest pairs),
 * and by the JSON only when the walk cannot call them equal, so the verdict is the JSON's.
 */
export function sameEngineState(a: Engine, b: Engine, pods = new PodStateComparer()): boolean {
  return (
    quickSameEngineState(a, b, pods) ||
    sameJSON(JSON.parse(engineStateJSON(a)), JSON.parse(engineStateJSON(b)))
  );
}

/** True only when {@link sameEngineState} is (false may still be the same state). */
export function quickSameEngineState(a: Engine, b: Engine, pods: PodStateComparer): boolean {
  if (a === b) return true;
  const x = a.env;
  const y = b.env;
  // engineStateJSON writes a time that is not finite as null.
  const sameTime = x.time === y.time || (!Number.isFinite(x.time) && !Number.isFinite(y.time));
  return (
    a.seq === b.seq &&
    sameTime &&
    x.profile === y.profile &&
    x.registeredNodes === y.registeredNodes &&
    sameValues(x.nodes, y.nodes, sameNode) &&
    sameValues(x.secrets, y.secrets, jsonEqual) &&
    sameValues(x.configMaps, y.configMaps, jsonEqual) &&
    sameValues(a.pods, b.pods, (p, q) => pods.quick(p, q)) &&
    sameValues(a.removed, b.removed, jsonEqual)
  );
}

/** The maps' values pairwise in iteration order (the order engineStateJSON writes them in). */
function sameValues<T>(m: Map<string, T>, n: Map<string, T>, same: (p: T, q: T) => boolean): boolean {
  if (m.size !== n.size) return false;
  const other = n.values();
  for (const v of m.values()) if (!same(v, other.next().value as T)) return false;
  return true;
}

/** A node as engineStateJSON writes it: every field, the image cache as a set. */
function sameNode(n: NodeInfo, m: NodeInfo): boolean {
  if (n === m) return true;
  if (n.images.size !== m.images.size) return false;
  for (const i of n.images) if (!m.images.has(i)) return false;
  const x = n as unknown as Record<string, unknown>;
  const y = m as unknown as Record<string, unknown>;
  let defined = 0;
  for (const k in x) {
    if (k === 'images' || x[k] === undefined) continue;
    defined++;
    if (!jsonEqual(x[k], y[k])) return false;
  }
  for (const k in y) if (k !== 'images' && y[k] !== undefined) defined--;
  return defined === 0;
}
