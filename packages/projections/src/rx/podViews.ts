import type { PodState } from '@podstate/core';
import { jsonEqual } from '@podstate/core/internal';
import { distinctUntilChanged, map, Observable, type OperatorFunction } from 'rxjs';
import { type PodRow, printPod, rowKey } from '../kube/printPod.js';
import type { PodObject } from '../kube/types.js';
import type { PodListEntry } from '../kubectl/printers.js';
import type { Replayed } from './replayInto.js';

/**
 * The Pod object (`kubectl get pod NAME -o json`) of one Pod after each replayed event, emitted
 * only when it changed (deep equality; `undefined` while the Pod does not exist or after it is
 * removed). Time is the event's: no clock is read.
 */
export function podStatus(
  name: string,
  namespace = 'default',
): OperatorFunction<Replayed, PodObject | undefined> {
  return (source) =>
    source.pipe(
      map((r) => {
        const state = r.engine.podByName(name, namespace);
        return state === undefined ? undefined : r.status.get(r.engine, state.ctx.uid, r.transition.time);
      }),
      distinctUntilChanged<PodObject | undefined>(jsonEqual),
    );
}

/**
 * The `kubectl get pods` row of one Pod after each replayed event, emitted only when the row
 * changed (everything but AGE: {@link rowKey}); `undefined` while the Pod does not exist.
 */
export function podRow(name: string, namespace = 'default'): OperatorFunction<Replayed, PodRow | undefined> {
  return (source) =>
    source.pipe(
      map((r) => {
        const state = r.engine.podByName(name, namespace);
        if (state === undefined) return undefined;
        const pod = r.status.get(r.engine, state.ctx.uid, r.transition.time);
        return pod === undefined ? undefined : printPod(pod, r.transition.time);
      }),
      distinctUntilChanged((a, b) =>
        a === undefined || b === undefined ? a === b : rowKey(a) === rowKey(b),
      ),
    );
}

/** The rows `kubectl get pods -w` prints after one replayed event. */
export interface PodRowChanges {
  replayed: Replayed;
  /**
   * Rows of the watched Pods that appeared or whose row changed, and the last row of each watched
   * Pod removed; each with its namespace and labels (what `-A` and `--show-labels` print).
   */
  changed: PodListEntry[];
  /** Every live watched Pod's row, sorted by namespace then name (the listing a watch starts with). */
  listing(): PodListEntry[];
}

/** Which Pods a watch follows: a namespace, or a predicate (namespace, `-A`, label selector…). */
export type PodWatchFilter = string | ((pod: PodState) => boolean);

/** The predicate of a {@link PodWatchFilter}. @internal */
export function podWatchPredicate(watched: PodWatchFilter): (pod: PodState) => boolean {
  return typeof watched === 'string' ? (p) => p.ctx.namespace === watched : watched;
}

/**
 * Every watched Pod as `kubectl get pods -w` follows it (`podstate watch`): after each replayed
 * event, the rows that changed (a Pod appeared, its row changed other than AGE, or it was removed:
 * its last row once more). `watched` is a namespace (default `default`) or a predicate over the
 * Pod's state (namespace, `-A`, label selector). One state per subscription.
 */
export function podRowChanges(
  watched: PodWatchFilter = 'default',
): OperatorFunction<Replayed, PodRowChanges> {
  const isWatched = podWatchPredicate(watched);
  return (source: Observable<Replayed>) =>
    new Observable<PodRowChanges>((subscriber) => {
      const shown = new Map<string, { key: string; entry: PodListEntry }>();
      const entryOf = (r: Replayed, pod: PodState, now: number): PodListEntry => {
        const entry: PodListEntry = {
          row: printPod(r.status.get(r.engine, pod.ctx.uid, now)!, now),
          namespace: pod.ctx.namespace,
        };
        const labels = pod.ctx.pod.metadata.labels as Record<string, string> | undefined;
        if (labels !== undefined) entry.labels = labels;
        return entry;
      };
      const sub = source.subscribe({
        next(r) {
          const { engine, transition: t } = r;
          const uids = t.uid !== undefined ? [t.uid] : [...engine.pods.keys()];
          const changed: PodListEntry[] = [];
          for (const uid of uids) {
            const state = engine.pods.get(uid);
            if (state === undefined) {
              const last = shown.get(uid);
              if (last) changed.push(last.entry);
              shown.delete(uid);
              continue;
            }
            if (!isWatched(state)) continue;
            const entry = entryOf(r, state, t.time);
            const key = `${entry.namespace}\t${rowKey(entry.row)}`;
            if (shown.get(uid)?.key === key) continue;
            shown.set(uid, { key, entry });
            changed.push(entry);
          }
          const listing = () => {
            const pods = [...engine.pods.values()].filter(isWatched);
            const name = (p: PodState) => `${p.ctx.namespace}/${p.ctx.name}`;
            pods.sort((a, b) => (name(a) < name(b) ? -1 : 1));
            return pods.map((p) => entryOf(r, p, t.time));
          };
          subscriber.next({ replayed: r, changed, listing });
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
