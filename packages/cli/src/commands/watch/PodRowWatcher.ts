import { createEngine, type Engine, PodstateError, type RecordedEvent } from '@podstate/core';
import { foldEvent, type PodRow, StatusProjection } from '@podstate/projections';
import { profileOf } from '../../engine/loadEngine.js';
import { podView } from '../../engine/podView.js';

// What makes a row "changed": everything but AGE and the "(5m ago)" of RESTARTS, which move with
// time alone (kubectl -w prints an object when it changes, not when it ages).
const rowKey = (r: PodRow) =>
  [
    r.name,
    r.ready,
    r.status,
    r.restarts.replace(/ \(.*\)$/, ''),
    r.ip,
    r.node,
    r.nominatedNode,
    r.readinessGates,
  ].join('\t');

/**
 * Folds log events into the Pods' `kubectl get pods` rows and tells which rows changed, as
 * `kubectl get pods -w` prints them: a row when a Pod appears or its row changes, and its last row
 * once more when it is removed.
 */
export class PodRowWatcher {
  private engine: Engine | undefined;
  private lastTime = 0;
  private readonly status = new StatusProjection();
  private readonly shown = new Map<string, { key: string; row: PodRow }>();

  constructor(private readonly namespace: string) {}

  /** Applies one event; returns the rows to print (none while nothing visible changed). */
  apply(e: RecordedEvent): PodRow[] {
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
    const out: PodRow[] = [];
    for (const uid of uids) {
      const pod = engine.pods.get(uid);
      if (pod === undefined) {
        const last = this.shown.get(uid);
        if (last) out.push(last.row);
        this.shown.delete(uid);
        continue;
      }
      if (pod.ctx.namespace !== this.namespace) continue;
      const row = podView(engine, this.status, pod, t.time).row;
      const key = rowKey(row);
      if (this.shown.get(uid)?.key === key) continue;
      this.shown.set(uid, { key, row });
      out.push(row);
    }
    return out;
  }

  /** Every visible Pod's row now, sorted by name (the listing `kubectl get pods -w` starts with). */
  listing(): PodRow[] {
    const engine = this.engine;
    if (engine === undefined) return [];
    const pods = [...engine.pods.values()].filter((p) => p.ctx.namespace === this.namespace);
    pods.sort((a, b) => (a.ctx.name < b.ctx.name ? -1 : 1));
    this.shown.clear();
    return pods.map((p) => {
      const row = podView(engine, this.status, p, this.lastTime).row;
      this.shown.set(p.ctx.uid, { key: rowKey(row), row });
      return row;
    });
  }
}
