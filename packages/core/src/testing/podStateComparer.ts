import type { PodState } from '../engine/types.js';
import { jsonEqual } from '../jsonEqual.js';
import { sameJSON } from './sameJSON.js';

/**
 * `sameJSON(a, b)` for two engines' Pod states, compared step after step: the manifest (`ctx.pod`),
 * each container's spec and each container context a step did not touch keep their object, so a
 * pair of them found equal once is not walked again (a manifest is most of a Pod state's bytes).
 * Anything the structural walk cannot call equal goes to sameJSON, so the verdict is sameJSON's.
 * An object changed in place after its pair was remembered is seen by I1's final comparison of the
 * whole engines (InvariantStream.finish walks with a comparer of its own).
 */
export class PodStateComparer {
  private readonly known = new WeakMap<object, object>();

  same(a: PodState | null, b: PodState | null): boolean {
    return this.quick(a, b) || sameJSON(a, b);
  }

  /** True only when the two states are equal JSON (false may still be equal: ask {@link same}). */
  quick(a: PodState | null, b: PodState | null): boolean {
    return a === b || (a !== null && b !== null && this.walk(a, b));
  }

  private pair(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== 'object' || a === null || typeof b !== 'object' || b === null) return false;
    if (this.known.get(a) === b) return true;
    if (!jsonEqual(a, b)) return false;
    this.known.set(a, b);
    return true;
  }

  private walk(a: PodState, b: PodState): boolean {
    if (a.value !== b.value || typeof b.ctx !== 'object' || b.ctx === null) return false;
    for (const k in a) if (k !== 'value' && k !== 'ctx') return false;
    for (const k in b) if (k !== 'value' && k !== 'ctx') return false;
    const x = a.ctx as unknown as Record<string, unknown>;
    const y = b.ctx as unknown as Record<string, unknown>;
    let defined = 0;
    for (const k in x) {
      const v = x[k];
      if (v === undefined) continue;
      defined++;
      const w = y[k];
      if (k === 'pod') {
        if (!this.pair(v, w)) return false;
      } else if (k === 'containers') {
        if (!this.slots(v as PodState['ctx']['containers'], w)) return false;
      } else if (!jsonEqual(v, w)) return false;
    }
    for (const k in y) if (y[k] !== undefined) defined--;
    return defined === 0;
  }

  private slots(a: PodState['ctx']['containers'], w: unknown): boolean {
    if (!Array.isArray(w) || w.length !== a.length) return false;
    for (let i = 0; i < a.length; i++) {
      const s = a[i]!;
      const t = w[i] as typeof s;
      if (typeof t !== 'object' || t === null || s.value !== t.value) return false;
      for (const k in s) if (k !== 'value' && k !== 'ctx') return false;
      for (const k in t) if (k !== 'value' && k !== 'ctx') return false;
      const x = s.ctx as unknown as Record<string, unknown>;
      const y = t.ctx as unknown as Record<string, unknown>;
      if (typeof y !== 'object' || y === null) return false;
      // A container the step did not touch keeps its context object in both engines.
      if (this.known.get(x) === y) continue;
      let defined = 0;
      for (const k in x) {
        const v = x[k];
        if (v === undefined) continue;
        defined++;
        if (!(k === 'spec' ? this.pair(v, y[k]) : jsonEqual(v, y[k]))) return false;
      }
      for (const k in y) if (y[k] !== undefined) defined--;
      if (defined !== 0) return false;
      this.known.set(x, y);
    }
    return true;
  }
}
