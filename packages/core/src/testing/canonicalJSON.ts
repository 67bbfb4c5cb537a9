/**
 * JSON with object keys sorted and undefined-valued keys dropped, so two states that are
 * deep-equal serialise identically whatever order their fields were written in. Pure.
 */
export function canonicalJSON(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    if (v instanceof Set) return [...v].sort();
    if (v instanceof Map)
      return Object.fromEntries([...v.entries()].sort(([a], [b]) => (String(a) < String(b) ? -1 : 1)));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(v).sort()) {
      const x = (v as Record<string, unknown>)[k];
      if (x !== undefined) out[k] = x;
    }
    return out;
  });
}
