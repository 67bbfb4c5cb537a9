import { jsonEqual } from '@podstate/core/internal';
import { distinctUntilChanged, map, Observable, type OperatorFunction } from 'rxjs';
import { type PodRow, printPod, rowKey } from '../kube/printPod.js';
import type { PodObject } from '../kube/types.js';
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
  /** Rows of the Pods that appeared or whose row changed, and the last row of each Pod removed. */
  changed: PodRow[];
  /** Every live Pod's row in the namespace, sorted by name (the listing a watch starts with). */
  listing(): PodRow[];
}

/**
 * Every Pod of a namespace as `kubectl get pods -w` follows it: after each replayed event, the rows
 * that changed (a Pod appeared, its row changed, or it was removed: its last row once more). One
 * state per subscription.
 */
export function podRowChanges(namespace = 'default'): OperatorFunction<Replayed, PodRowChanges> {
  return (source: Observable<Replayed>) =>
    new Observable<PodRowChanges>((subscriber) => {
      const shown = new Map<string, { key: string; row: PodRow }>();
      const sub = source.subscribe({
        next(r) {
          const { engine, transition: t } = r;
          const uids = t.uid !== undefined ? [t.uid] : [...engine.pods.keys()];
          const changed: PodRow[] = [];
          for (const uid of uids) {
            const state = engine.pods.get(uid);
            if (state === undefined) {
              const last = shown.get(uid);
              if (last) changed.push(last.row);
              shown.delete(uid);
              continue;
            }
            if (state.ctx.namespace !== namespace) continue;
            const row = printPod(r.status.get(engine, uid, t.time)!, t.time);
            const key = rowKey(row);
            if (shown.get(uid)?.key === key) continue;
            shown.set(uid, { key, row });
            changed.push(row);
          }
          const listing = () => {
            const pods = [...engine.pods.values()].filter((p) => p.ctx.namespace === namespace);
            pods.sort((a, b) => (a.ctx.name < b.ctx.name ? -1 : 1));
            return pods.map((p) => printPod(r.status.get(engine, p.ctx.uid, t.time)!, t.time));
          };
          subscriber.next({ replayed: r, changed, listing });
        },
        error: (e) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => sub.unsubscribe();
    });
}
