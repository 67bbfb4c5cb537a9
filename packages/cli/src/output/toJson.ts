/** Options for toJson / toYaml. */
export interface StructuredOptions {
  /**
   * Sort every object's keys (default true) so output is byte-stable for scripts however the value
   * was built. Pass false for values already built in Kubernetes' field order (apiVersion, kind, …).
   */
  sortKeys?: boolean;
}

/** Returns a copy of `value` whose plain objects have their keys in code-unit order, recursively. */
export function sortKeysDeep(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeysDeep);
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort())
    out[key] = sortKeysDeep((value as Record<string, unknown>)[key]);
  return out;
}

/** JSON with 2-space indent, a trailing newline and (by default) sorted keys: stable for scripts. */
export function toJson(value: unknown, options: StructuredOptions = {}): string {
  const v = options.sortKeys === false ? value : sortKeysDeep(value);
  return `${JSON.stringify(v, null, 2)}\n`;
}
