import type { ClusterEnv, Engine, PodState, Transition } from '@podstate/core';
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
  /**
   * The Pod's state when it finished, while its conditions at that point are not yet decided
   * (see `track`): `code` and `since` are then those of the event before (UNDECIDED if none).
   */
  finishedAs: PodState | undefined;
  /** When it finished (ms): the time of `finishedAs`. */
  finishedAt: number;
}

/**
 * The `code` of a Pod first seen finished, until its conditions are decided: each condition's two
 * bits are 3, which no status has, so deciding changes them all.
 */
const UNDECIDED = -1;

/** StatusProjection's state as JSON: `[uid, code, final, since[]]` per tracked Pod. */
export type StatusSnapshot = [uid: string, code: number, final: boolean, since: number[]][];

/**
 * The Pod objects, folded over the engine's transitions. What only history can tell — when each
 * condition last changed status (lastTransitionTime) — is folded on every event, allocation-free
 * (a status change updates the Pod's record in place); everything else is computed from the engine's
 * state when a Pod is read. A finished Pod's conditions are decided when it is first read (or
 * snapshot), from its state when it finished: the same answer, not paid for the Pods removed
 * unread. Pure given the transitions: `get` returns what it would have returned eagerly.
 */
export class StatusProjection {
  private tracked = new Map<string, Tracked>();
  /** The engine's cluster (for a finished Pod's conditions, decided when first read). */
  private env: ClusterEnv | undefined;
  /** Fold only this namespace's Pods (see {@link StatusProjection.only}); undefined: every Pod. */
  private namespace: string | undefined;

  /**
   * From now on, fold only the Pods of `namespace`: for a command that shows no other (`get pods`
   * in one namespace), the others' conditions are not followed. Reading another namespace's Pod
   * afterwards, or taking a snapshot, is then a podstate bug and throws.
   */
  only(namespace: string): this {
    this.namespace = namespace;
    return this;
  }

  /** Folds one transition (call after `engine.apply` accepted it). */
  apply(engine: Engine, t: Transition): void {
    if (t.uid !== undefined) {
      // A Pod event's transition always has the state after it (`removed` once the Pod is gone).
      const after = t.after!;
      // An event that changed nothing (another passing probe) cannot change a condition: the
      // engine then hands back the state it had. (Not the context alone: pod.removed changes only
      // the value, to `removed`.)
      if (t.before === after) return;
      this.track(engine, t.uid, t.time, after);
      return;
    }
    // Node events change what the node lifecycle controller writes (Ready=False when lost).
    if (t.event.type === 'node.lost' || t.event.type === 'node.recovered') {
      const node = t.event.stream.slice('node/'.length);
      for (const [uid, p] of engine.pods) if (p.ctx.node === node) this.track(engine, uid, t.time, p);
    }
  }

  private track(engine: Engine, uid: string, time: number, state: PodState): void {
    if (this.namespace !== undefined && state.ctx.namespace !== this.namespace) return;
    if (state.value === 'removed') {
      this.tracked.delete(uid);
      return;
    }
    const prev = this.tracked.get(uid);
    // A finished Pod's container statuses are final: its conditions cannot change any more.
    if (prev?.final) return;
    this.env = engine.env;
    if (state.ctx.terminalPhase !== undefined) {
      // Deciding a finished Pod's conditions builds its whole status (conditionCode's slow path),
      // and most finished Pods are removed soon after: the state is kept (the engine's states
      // are never changed once made) and the conditions decided only if the Pod is read.
      // A finished Pod's conditions depend on that state alone, not on the cluster around it.
      const t = prev ?? this.start(uid, UNDECIDED, time);
      t.final = true;
      t.finishedAs = state;
      t.finishedAt = time;
      return;
    }
    const next = conditionCode(state, engine.env, time);
    if (prev === undefined) {
      this.start(uid, next, time);
      return;
    }
    if (prev.code !== next) this.change(prev, next, time);
  }

  private start(uid: string, code: number, time: number): Tracked {
    const t: Tracked = {
      code,
      final: false,
      since: new Float64Array(TRACKED_CONDITIONS.length).fill(time),
      finishedAs: undefined,
      finishedAt: 0,
    };
    this.tracked.set(uid, t);
    return t;
  }

  /** A status change: each condition whose status changed has had it since `time`. */
  private change(t: Tracked, next: number, time: number): void {
    // The record is changed in place: it is private to this fold (snapshot copies it, get reads
    // it), so a status change allocates nothing. (immer's produce cost ~3.5 µs per update here
    // and doubled replay time: see docs/decisions.md.)
    const since = t.since;
    for (let i = 0; i < since.length; i++) {
      if (((t.code >> (2 * i)) & 3) !== ((next >> (2 * i)) & 3)) since[i] = time;
    }
    t.code = next;
  }

  /** `t` with a finished Pod's conditions decided (a no-op once they are). */
  private settled(t: Tracked): Tracked {
    const state = t.finishedAs;
    if (state !== undefined) {
      t.finishedAs = undefined;
      // A Pod first seen finished (UNDECIDED: every condition differs) started there: its `since`
      // is already the finish time, which `change` writes again.
      this.change(t, conditionCode(state, this.env!, t.finishedAt), t.finishedAt);
    }
    return t;
  }

  /**
   * What the fold holds, as plain JSON (a checkpoint stores it): per Pod its conditions' code,
   * whether it is final, and since when each condition has had its status. Not for the hot path.
   */
  snapshot(): StatusSnapshot {
    if (this.namespace !== undefined)
      throw new Error(`podstate bug: a status fold of namespace ${this.namespace} alone was snapshot`);
    return [...this.tracked].map(([uid, t]) => {
      this.settled(t);
      return [uid, t.code, t.final, [...t.since]];
    });
  }

  /** A projection holding what `snapshot` returned (the fold then goes on from there). */
  static restore(snapshot: StatusSnapshot): StatusProjection {
    const p = new StatusProjection();
    for (const [uid, code, final, since] of snapshot)
      p.tracked.set(uid, {
        code,
        final,
        since: Float64Array.from(since),
        finishedAs: undefined,
        finishedAt: 0,
      });
    return p;
  }

  /** The Pod object at time `now` (ms): container reasons depend on time (back-off). */
  get(engine: Engine, uid: string, now: number): PodObject | undefined {
    const state = engine.pods.get(uid);
    if (state === undefined) return undefined;
    if (this.namespace !== undefined && state.ctx.namespace !== this.namespace)
      throw new Error(
        `podstate bug: Pod ${state.ctx.namespace}/${state.ctx.name} read from a status fold of namespace ${this.namespace} alone`,
      );
    const found = this.tracked.get(uid);
    const tracked = found === undefined ? undefined : this.settled(found);
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
