import type { Engine, PodState, Transition } from '@podstate/core';
import { formatRFC3339 } from '../kube/time.js';
import type { PodCondition, PodObject } from '../kube/types.js';
import { conditionCode, decodeConditions, TRACKED_CONDITIONS } from './conditionStatuses.js';
import { toPodObject } from './podObject.js';

/**
 * What the fold keeps of a Pod: its conditions' statuses (conditionCode) and since when each has
 * had it, `since0`… in TRACKED_CONDITIONS order.
 */
interface Tracked {
  code: number;
  /** The Pod has finished (Succeeded/Failed): nothing more to fold. */
  final: boolean;
  /** Since when each condition (TRACKED_CONDITIONS order) has had its status, ms. */
  since: Float64Array;
}

/** StatusProjection's state as JSON: `[uid, code, final, since[]]` per tracked Pod. */
export type StatusSnapshot = [uid: string, code: number, final: boolean, since: number[]][];

/**
 * The Pod objects, folded over the engine's transitions. What only history can tell — when each
 * condition last changed status (lastTransitionTime) — is folded on every event, allocation-free
 * (a status change updates the Pod's record in place); everything else is computed from the engine's
 * state when a Pod is read. Pure given the transitions; `get` has no side effects.
 */
export class StatusProjection {
  private tracked = new Map<string, Tracked>();

  /** Folds one transition (call after `engine.apply` accepted it). */
  apply(engine: Engine, t: Transition): void {
    if (t.uid !== undefined) {
      // An event that changed nothing (another passing probe) cannot change a condition.
      if (t.before !== undefined && t.after !== undefined && t.before.ctx === t.after.ctx) return;
      this.track(engine, t.uid, t.time, t.after);
      return;
    }
    // Node events change what the node lifecycle controller writes (Ready=False when lost).
    if (t.event.type === 'node.lost' || t.event.type === 'node.recovered') {
      const node = t.event.stream.slice('node/'.length);
      for (const [uid, p] of engine.pods) if (p.ctx.node === node) this.track(engine, uid, t.time);
    }
  }

  private track(engine: Engine, uid: string, time: number, after?: PodState): void {
    const state = after ?? engine.pods.get(uid);
    if (state === undefined || state.value === 'removed') {
      this.tracked.delete(uid);
      return;
    }
    const prev = this.tracked.get(uid);
    // A finished Pod's container statuses are final: its conditions cannot change any more.
    if (prev?.final) return;
    const next = conditionCode(state, engine.env, time);
    const final = state.ctx.terminalPhase !== undefined;
    if (prev === undefined) {
      this.tracked.set(uid, {
        code: next,
        final,
        since: new Float64Array(TRACKED_CONDITIONS.length).fill(time),
      });
      return;
    }
    if (prev.code === next && !final) return;
    // The record is changed in place: it is private to this fold (snapshot copies it, get reads
    // it), so a status change allocates nothing. (immer's produce cost ~3.5 µs per update here
    // and doubled replay time: see docs/decisions.md.)
    const since = prev.since;
    for (let i = 0; i < since.length; i++) {
      if (((prev.code >> (2 * i)) & 3) !== ((next >> (2 * i)) & 3)) since[i] = time;
    }
    prev.code = next;
    prev.final = final;
  }

  /**
   * What the fold holds, as plain JSON (a checkpoint stores it): per Pod its conditions' code,
   * whether it is final, and since when each condition has had its status. Not for the hot path.
   */
  snapshot(): StatusSnapshot {
    return [...this.tracked].map(([uid, t]) => [uid, t.code, t.final, [...t.since]]);
  }

  /** A projection holding what `snapshot` returned (the fold then goes on from there). */
  static restore(snapshot: StatusSnapshot): StatusProjection {
    const p = new StatusProjection();
    for (const [uid, code, final, since] of snapshot)
      p.tracked.set(uid, { code, final, since: Float64Array.from(since) });
    return p;
  }

  /** The Pod object at time `now` (ms): container reasons depend on time (back-off). */
  get(engine: Engine, uid: string, now: number): PodObject | undefined {
    const state = engine.pods.get(uid);
    if (state === undefined) return undefined;
    const tracked = this.tracked.get(uid);
    const conditions: PodCondition[] = Object.entries(decodeConditions(tracked?.code ?? 0)).map(
      ([type, status]) => ({
        type: type as PodCondition['type'],
        status: status!,
        lastTransitionTime: formatRFC3339(
          tracked!.since[(TRACKED_CONDITIONS as readonly string[]).indexOf(type)]!,
        ),
      }),
    );
    const prev = { status: { phase: 'Pending', conditions } } as unknown as PodObject;
    return toPodObject(state, engine.env, now, prev, now);
  }
}
