/** Secret events as the run and the views hold them. */
interface SecretEvent {
  type: string;
  data: Record<string, unknown>;
}

/**
 * Every value a Secret holds in `events` (its base64 form and the decoded text), for hiding them
 * in output. Empty strings are left out (they reveal nothing and would match everywhere).
 */
export function secretValues(events: readonly SecretEvent[]): string[] {
  const out = new Set<string>();
  for (const e of events) {
    if (e.type !== 'secret.applied') continue;
    const data = e.data.data;
    if (typeof data !== 'object' || data === null) continue;
    for (const v of Object.values(data as Record<string, unknown>)) {
      if (typeof v !== 'string' || v === '') continue;
      out.add(v);
      const text = Buffer.from(v, 'base64').toString('utf8');
      if (text !== '') out.add(text);
      for (const line of text.split('\n')) if (line.trim().length >= 4) out.add(line);
    }
  }
  // Longest first, so a value containing another is hidden whole.
  return [...out].sort((a, b) => b.length - a.length);
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * `text` with every Secret value replaced by `<redacted>`: values of 4 or more characters
 * wherever they occur (also JSON-escaped), shorter ones only as a whole quoted string (`"ab"`), so
 * a one-letter Secret does not blank out every word. Pure.
 * @example redactSecretValues('got "s3cret"', ['s3cret']) // 'got "<redacted>"'
 */
export function redactSecretValues(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) {
    const forms = new Set([s, JSON.stringify(s).slice(1, -1)]);
    for (const f of forms) {
      out =
        f.length >= 4
          ? out.split(f).join('<redacted>')
          : out.replace(new RegExp(`"${escapeRe(f)}"`, 'g'), '"<redacted>"');
    }
  }
  return out;
}
