import { didYouMean } from '../suggest.js';
import type { FieldPath, ScenarioProblems } from './ScenarioProblems.js';

/** True for a YAML mapping (a plain object). */
export function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const shown = (v: unknown) => (typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v)));

/** Reports every key of `obj` not in `allowed` as unknown, suggesting the nearest valid key. */
export function checkKeys(
  p: ScenarioProblems,
  path: FieldPath,
  obj: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
): void {
  for (const key of Object.keys(obj)) {
    if (!allowed.includes(key)) p.add([...path, key], `unknown ${what} key. ${didYouMean(key, allowed)}`);
  }
}

/** A mapping at `path`, or undefined after reporting what was found instead. */
export function readMapping(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
  example: string,
): Record<string, unknown> | undefined {
  if (isMapping(v)) return v;
  p.add(path, `must be a mapping such as ${example}, got ${shown(v)}`);
  return undefined;
}

/**
 * A string at `path`; numbers become their decimal text. YAML 1.1 booleans (`yes`, `on`, `True`)
 * are refused with the advice to quote, since their text was lost in parsing.
 */
export function readString(p: ScenarioProblems, path: FieldPath, v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  if (typeof v === 'boolean') p.add(path, `YAML read ${v} as a boolean; quote the value, e.g. "yes" or "on"`);
  else p.add(path, `must be a string, got ${shown(v)}`);
  return undefined;
}

/** A non-negative integer at `path` (exit codes may be any integer with `signed`). */
export function readInteger(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
  signed = false,
): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && (signed || v >= 0)) return v;
  p.add(path, `must be ${signed ? 'an integer' : 'a whole number >= 0'}, got ${shown(v)}`);
  return undefined;
}

/** A boolean at `path`. */
export function readBoolean(p: ScenarioProblems, path: FieldPath, v: unknown): boolean | undefined {
  if (typeof v === 'boolean') return v;
  p.add(path, `must be true or false, got ${shown(v)}`);
  return undefined;
}

/** One of `values` at `path`, with a suggestion for a near miss. */
export function readEnum<T extends string>(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
  values: readonly T[],
): T | undefined {
  if (typeof v === 'string' && (values as readonly string[]).includes(v)) return v as T;
  const hint = typeof v === 'string' ? didYouMean(v, values) : `Valid: ${values.join(', ')}.`;
  p.add(path, `${shown(v)} is not allowed here. ${hint}`);
  return undefined;
}

/** Sets `target[key]` only when `value` is defined, keeping absent keys absent. */
export function setIf<T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}
