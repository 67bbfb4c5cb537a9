import { createEngine, type Engine, type PodState, PodstateError, type RecordedEvent } from '@podstate/core';
import { foldEvent, type PodListEntry, rowKey, StatusProjection } from '@podstate/projections/runtime';
import { podView } from '@podstate/scenario/runtime';
import { profileOf } from '../../engine/loadEngine.js';

/**
 * Folds log events into the Pods' `kubectl get pods` rows and tells which rows changed, as
 * `kubectl get pods -w` prints them: a row when a Pod appears or its row changes, and its last row
 * once more when it is removed.
 */
export class PodRowWatcher {
  private engine: Engine | undefined;
  private lastTime = 0;
  private readonly status = new StatusProjection();
  private readonly shown = new Map<string, { key: string; row: PodListEntry }>();

  /** `watched`: which Pods to show (namespace, -A, -l, names). */
  constructor(private readonly watched: (pod: PodState) => boolean) {}

  private entry(engine: Engine, pod: PodState, now: number): PodListEntry {
    return {
      row: podView(engine, this.status, pod, now).row,
      namespace: pod.ctx.namespace,
      labels: pod.ctx.pod.metadata.labels as Record<string, string> | undefined,
    };
  }

  /** Applies one event; returns the rows to print (none while nothing visible changed). */
  apply(e: RecordedEvent): PodListEntry[] {
    this.engine ??= createEngine({ profile: profileOf(e) });
    const engine = this.engine;
    const r = foldEvent(engine, e, [this.status]);
    if (!r.ok)
      throw new PodstateError(
        'damaged_log',
        `event seq ${e.seq} (${e.type}) does not replay: ${r.rejection.message}`,
      );
    const t = r.transition;
    this.lastTime = t.time;
    const uids = t.uid !== undefined ? [t.uid] : [...engine.pods.keys()];
    const out: PodListEntry[] = [];
    for (const uid of uids) {
      const pod = engine.pods.get(uid);
      if (pod === undefined) {
        const last = this.shown.get(uid);
        if (last) out.push(last.row);
        this.shown.delete(uid);
        continue;
      }
      if (!this.watched(pod)) continue;
      const row = this.entry(engine, pod, t.time);
      const key = `${row.namespace}\t${rowKey(row.row)}`;
      if (this.shown.get(uid)?.key === key) continue;
      this.shown.set(uid, { key, row });
      out.push(row);
    }
    return out;
  }

  /** Every visible Pod's row now, sorted by name (the listing `kubectl get pods -w` starts with). */
  listing(): PodListEntry[] {
    const engine = this.engine;
    if (engine === undefined) return [];
    const key = (p: PodState) => `${p.ctx.namespace}/${p.ctx.name}`;
    const pods = [...engine.pods.values()].filter(this.watched);
    pods.sort((a, b) => (key(a) < key(b) ? -1 : 1));
    this.shown.clear();
    return pods.map((p) => {
      const row = this.entry(engine, p, this.lastTime);
      this.shown.set(p.ctx.uid, { key: `${row.namespace}\t${rowKey(row.row)}`, row });
      return row;
    });
  }
}
