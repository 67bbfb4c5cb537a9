import { type JsonPatchOperation, toJsonPatch } from '@podstate/core';
import { jsonEqual } from '@podstate/core/internal';
import { enablePatches, Immer } from 'immer';
import { Observable, type OperatorFunction } from 'rxjs';
import type { PodObject } from '../kube/types.js';
import { type PodWatchFilter, podWatchPredicate } from './podViews.js';
import type { Replayed } from './replayInto.js';

enablePatches();
// Pod objects handed out stay plain (not frozen): callers may serialise or extend them.
const immer = new Immer({ autoFreeze: false });

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/**
 * An immer recipe that turns `draft` into `next`, writing only where they differ, so unchanged
 * subtrees keep their identity and the patches name only what changed.
 */
function reconcile(
  draft: Record<string, unknown> | unknown[],
  next: Record<string, unknown> | unknown[],
): void {
  if (Array.isArray(draft) && Array.isArray(next)) {
    if (draft.length > next.length) draft.length = next.length;
    for (let i = 0; i < next.length; i++) setChild(draft, i, next[i]);
    return;
  }
  const d = draft as Record<string, unknown>;
  const n = next as Record<string, unknown>;
  for (const k of Object.keys(d)) if (n[k] === undefined) delete d[k];
  for (const k of Object.keys(n)) if (n[k] !== undefined) setChild(d, k, n[k]);
}

function setChild(draft: Record<string, unknown> | unknown[], key: string | number, value: unknown): void {
  const target = draft as Record<string | number, unknown>;
  const current = target[key];
  if (jsonEqual(current, value)) return;
  if (isObject(current) && isObject(value) && Array.isArray(current) === Array.isArray(value)) {
    reconcile(current as Record<string, unknown>, value);
    return;
  }
  target[key] = value;
}

/**
 * The next Pod object with structural sharing: `prev` where nothing changed (the same object
 * references), and the RFC 6902 patch from `prev` to it. Pure; not for the replay hot path.
 */
export function diffPod(prev: PodObject, next: PodObject): { pod: PodObject; patch: JsonPatchOperation[] } {
  const [pod, patches] = immer.produceWithPatches(prev, (draft) => {
    reconcile(draft as unknown as Record<string, unknown>, next as unknown as Record<string, unknown>);
  });
  return { pod: pod as PodObject, patch: toJsonPatch(patches) };
}

/** A change of one Pod, as a Kubernetes watch reports it, with the JSON Patch that made it. */
export interface PodPatch {
  /** ADDED (the patch adds the whole object at the root), MODIFIED, or DELETED (empty patch). */
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  namespace: string;
  name: string;
  uid: string;
  /** The log seq of the event that made the change. */
  seq: number | undefined;
  /** RFC 6902 operations turning the previous Pod object into this one. */
  patch: JsonPatchOperation[];
  /** The Pod object after the change (undefined when DELETED); shares unchanged subtrees with the previous one. */
  object: PodObject | undefined;
}

/**
 * Every watched Pod (of a namespace, or those a predicate accepts) as a stream of JSON Patches between its successive Pod objects
 * (`podstate watch -o json-patch`): ADDED with the whole object, MODIFIED with the operations
 * that changed it (nothing is emitted when an event changes nothing), DELETED when it is removed.
 */
export function podPatches(watched: PodWatchFilter = 'default'): OperatorFunction<Replayed, PodPatch> {
  const isWatched = podWatchPredicate(watched);
  return (source) =>
    new Observable<PodPatch>((subscriber) => {
      const last = new Map<string, { namespace: string; name: string; pod: PodObject }>();
      const sub = source.subscribe({
        next(r) {
          const { engine, transition: t } = r;
          const uids = t.uid !== undefined ? [t.uid] : [...engine.pods.keys()];
          for (const uid of uids) {
            const state = engine.pods.get(uid);
            const prev = last.get(uid);
            const seq = t.event.seq;
            if (state === undefined) {
              if (prev === undefined) continue;
              last.delete(uid);
              const { namespace: ns, name } = prev;
              subscriber.next({
                type: 'DELETED',
                namespace: ns,
                name,
                uid,
                seq,
                patch: [],
                object: undefined,
              });
              continue;
            }
            if (!isWatched(state)) continue;
            const next = r.status.get(engine, uid, t.time)!;
            const { name, namespace } = state.ctx;
            if (prev === undefined) {
              last.set(uid, { namespace, name, pod: next });
              const patch: JsonPatchOperation[] = [{ op: 'add', path: '', value: next }];
              subscriber.next({ type: 'ADDED', namespace, name, uid, seq, patch, object: next });
              continue;
            }
            const { pod, patch } = diffPod(prev.pod, next);
            if (patch.length === 0) continue;
            last.set(uid, { namespace, name, pod });
            subscriber.next({ type: 'MODIFIED', namespace, name, uid, seq, patch, object: pod });
          }
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
