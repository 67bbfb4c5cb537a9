import type { Engine, Transition } from '@podstate/core';
import { produce } from 'immer';
import type { PodObject } from '../kube/types.js';
import { toPodObject } from './podObject.js';

/**
 * The Pod objects folded over the engine's transitions: each accepted event refreshes the Pods
 * it touches, so condition lastTransitionTimes record when each status changed. An immer fold:
 * unchanged parts of a Pod object are shared between versions. Pure given the transitions.
 */
export class StatusProjection {
  private objects = new Map<string, PodObject>();

  /** Folds one transition (call after `engine.apply` accepted it). */
  apply(engine: Engine, t: Transition): void {
    if (t.uid !== undefined) {
      const state = engine.pods.get(t.uid);
      if (state === undefined) {
        this.objects.delete(t.uid);
        return;
      }
      this.refresh(engine, t.uid, t.time);
      return;
    }
    // Node events change what the node lifecycle controller writes (Ready=False when lost).
    if (t.event.type === 'node.lost' || t.event.type === 'node.recovered') {
      const node = (t.event.data.node as string | undefined) ?? t.event.stream.slice('node/'.length);
      for (const [uid, p] of engine.pods) if (p.ctx.node === node) this.refresh(engine, uid, t.time);
    }
  }

  private refresh(engine: Engine, uid: string, time: number): void {
    const prev = this.objects.get(uid);
    const next = toPodObject(engine.pods.get(uid)!, engine.env, time, prev, time);
    this.objects.set(
      uid,
      prev === undefined
        ? next
        : produce(prev, (draft) =>
            mergeInto(
              draft as unknown as Record<string, unknown>,
              next as unknown as Record<string, unknown>,
            ),
          ),
    );
  }

  /** The Pod object at time `now` (ms): container reasons depend on time (back-off). */
  get(engine: Engine, uid: string, now: number): PodObject | undefined {
    const state = engine.pods.get(uid);
    if (state === undefined) return undefined;
    return toPodObject(state, engine.env, now, this.objects.get(uid), now);
  }
}

// Replaces what changed, so immer keeps the identity of unchanged subtrees.
function mergeInto(draft: Record<string, unknown>, next: Record<string, unknown>): void {
  for (const k of Object.keys(draft)) if (!(k in next)) delete draft[k];
  for (const [k, v] of Object.entries(next)) {
    const cur = draft[k];
    if (JSON.stringify(cur) === JSON.stringify(v)) continue;
    if (cur && v && typeof cur === 'object' && typeof v === 'object' && !Array.isArray(v)) {
      mergeInto(cur as Record<string, unknown>, v as Record<string, unknown>);
    } else {
      draft[k] = v;
    }
  }
}
