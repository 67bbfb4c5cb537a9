import { jsonEqual } from '../jsonEqual.js';
import { canonicalJSON } from './canonicalJSON.js';

/**
 * `canonicalJSON(a) === canonicalJSON(b)`, answered by a structural walk first (no strings
 * built) and by canonicalJSON only when the walk cannot decide. Same verdict, a fraction of
 * the cost on the hot path of I1 and I13. Pure.
 */
export function sameJSON(a: unknown, b: unknown): boolean {
  return jsonEqual(a, b) || canonicalJSON(a) === canonicalJSON(b);
}
