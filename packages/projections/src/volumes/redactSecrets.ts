/** What replaces each Secret-derived value in rendered output. */
export const redactedMarker = '<redacted>';

/**
 * Replaces every occurrence of every Secret value in `text` with `<redacted>` (longest values
 * first, so a value containing another is not half-redacted; values shorter than 4 characters are
 * skipped because they would shred ordinary text). The rule for callers: any rendering of bytes a
 * FileProjection/MountedFile marks `sensitive`, or env names in `sensitive`, goes through this
 * unless the user passed --show-secrets; the CLI should collect the values with
 * {@link collectSecretValues} and run its final output string (every format: text, tree, JSON,
 * YAML, error messages) through redactSecrets as the last step before writing. Pure.
 */
export function redactSecrets(text: string, secretValues: Iterable<string>): string {
  const values = [...new Set(secretValues)].filter((v) => v.length >= 4).sort((a, b) => b.length - a.length);
  let out = text;
  for (const v of values) {
    out = out.split(v).join(redactedMarker);
    // Renderings often show bytes escaped (JSON, Go %q) or base64: redact those forms too.
    const json = JSON.stringify(v).slice(1, -1);
    if (json !== v) out = out.split(json).join(redactedMarker);
    const b64 = Buffer.from(v, 'utf8').toString('base64');
    out = out.split(b64).join(redactedMarker);
  }
  return out;
}

/** The strings to redact: each sensitive file's content and each sensitive env value. */
export function collectSecretValues(sources: {
  files?: Iterable<{ bytes: Uint8Array; sensitive?: boolean }>;
  env?: readonly (readonly [string, string])[];
  sensitiveEnv?: ReadonlySet<string>;
}): string[] {
  const out: string[] = [];
  const td = new TextDecoder();
  for (const f of sources.files ?? []) if (f.sensitive) out.push(td.decode(f.bytes));
  for (const [k, v] of sources.env ?? []) if (sources.sensitiveEnv?.has(k)) out.push(v);
  return out;
}
