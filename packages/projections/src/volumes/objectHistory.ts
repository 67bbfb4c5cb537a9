import type { ConfigMapObject, ObjectView, SecretObject } from './ObjectView.js';
import { withClusterObjects } from './ObjectView.js';

/** One applied (or deleted) revision of a Secret or ConfigMap, at event time `appliedAt` (ms). */
export type ObjectVersion =
  | {
      kind: 'secret';
      namespace: string;
      name: string;
      version: number;
      appliedAt: number;
      object: SecretObject | undefined;
    }
  | {
      kind: 'configmap';
      namespace: string;
      name: string;
      version: number;
      appliedAt: number;
      object: ConfigMapObject | undefined;
    };

/** Every revision of every object, in append (event) order; `object: undefined` is a deletion. */
export type ObjectHistory = readonly ObjectVersion[];

/** The kubelet's propagation delay for mounted objects: 60 s by default, never above 2 min. */
export const defaultPropagationDelayMs = 60_000;
export const maxPropagationDelayMs = 120_000;

/**
 * When the kubelet sees an object revision. Model (documented in docs/decisions via the report):
 * a revision applied at or before the Pod's first sync (`firstSyncAt`) is seen at once, because
 * the watch-based manager lists the object when the Pod registers; a later revision reaches the
 * kubelet `delayMs` after it was applied (sync period plus cache propagation, clamped to 0..2 min).
 * No jitter, so the result is a pure function of the history and the instants.
 */
export interface Visibility {
  firstSyncAt: number;
  now: number;
  delayMs?: number;
}

/** Clamps a configured delay into the modelled range. */
export function propagationDelay(v: Pick<Visibility, 'delayMs'>): number {
  return Math.min(maxPropagationDelayMs, Math.max(0, v.delayMs ?? defaultPropagationDelayMs));
}

/** True when the kubelet has seen revision `v` by `vis.now`. */
export function isVisible(v: Pick<ObjectVersion, 'appliedAt'>, vis: Visibility): boolean {
  if (v.appliedAt > vis.now) return false;
  return v.appliedAt <= vis.firstSyncAt || v.appliedAt + propagationDelay(vis) <= vis.now;
}

const keyOf = (kind: string, ns: string, name: string) => `${kind}/${ns}/${name}`;

/** The newest visible revision per object key (`secret/ns/name`, `configmap/ns/name`). */
export function visibleVersions(history: ObjectHistory, vis: Visibility): Map<string, ObjectVersion> {
  const out = new Map<string, ObjectVersion>();
  for (const v of history) {
    if (!isVisible(v, vis)) continue;
    const k = keyOf(v.kind, v.namespace, v.name);
    const prev = out.get(k);
    if (!prev || prev.appliedAt <= v.appliedAt) out.set(k, v);
  }
  return out;
}

/** The ObjectView the kubelet has at `vis.now` (cluster-provided objects included). Pure. */
export function objectViewAt(history: ObjectHistory, vis: Visibility): ObjectView {
  const seen = visibleVersions(history, vis);
  const stamp = <T extends object>(o: T | undefined, version: number): T | undefined =>
    o ? { ...o, version } : undefined;
  return withClusterObjects({
    secret: (ns, name) => {
      const v = seen.get(keyOf('secret', ns, name));
      return v?.kind === 'secret' ? stamp(v.object, v.version) : undefined;
    },
    configMap: (ns, name) => {
      const v = seen.get(keyOf('configmap', ns, name));
      return v?.kind === 'configmap' ? stamp(v.object, v.version) : undefined;
    },
  });
}

/**
 * The instants after `from` and up to `to` at which the kubelet's view changes (a revision becomes
 * visible), sorted ascending. Used to replay the atomic writer over a volume's life.
 */
export function visibilityChangePoints(history: ObjectHistory, vis: Visibility, from: number): number[] {
  const d = propagationDelay(vis);
  const points = new Set<number>();
  for (const v of history) {
    const t = v.appliedAt <= vis.firstSyncAt ? vis.firstSyncAt : v.appliedAt + d;
    if (t > from && t <= vis.now) points.add(t);
  }
  return [...points].sort((a, b) => a - b);
}

/** Appends one revision, numbering it after the object's previous revisions. Pure. */
export function appendObjectVersion(
  history: ObjectHistory,
  entry:
    | { kind: 'secret'; namespace: string; name: string; appliedAt: number; object: SecretObject | undefined }
    | {
        kind: 'configmap';
        namespace: string;
        name: string;
        appliedAt: number;
        object: ConfigMapObject | undefined;
      },
): ObjectHistory {
  const last = history.at(-1);
  if (last && entry.appliedAt < last.appliedAt) {
    throw new Error(
      `${entry.kind} ${entry.namespace}/${entry.name} applied at ${entry.appliedAt} before the previous revision (${last.appliedAt}); append revisions in event-time order`,
    );
  }
  const version =
    history.filter((v) => v.kind === entry.kind && v.namespace === entry.namespace && v.name === entry.name)
      .length + 1;
  return [...history, { ...entry, version } as ObjectVersion];
}
