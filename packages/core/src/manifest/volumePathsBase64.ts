const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const values = new Map([...alphabet].map((c, i) => [c.charCodeAt(0), i]));
const isNewline = (c: number) => c === 10 || c === 13;

/**
 * Decodes as Go's base64.StdEncoding does when the API server unmarshals `[]byte` fields:
 * padding required, `\r`/`\n` skipped, non-zero trailing bits tolerated. On failure returns the
 * byte offset Go reports in `illegal base64 data at input byte N`. Pure.
 */
export function decodeBase64Std(src: string): { bytes: Uint8Array } | { errorAt: number } {
  const out: number[] = [];
  let si = 0;
  const n = src.length;
  while (si < n) {
    const q: number[] = [];
    let j = 0;
    for (; j < 4; j++) {
      if (si === n) {
        if (j === 0) return { bytes: Uint8Array.from(out) };
        return { errorAt: si - j };
      }
      const c = src.charCodeAt(si);
      si++;
      if (isNewline(c)) {
        j--;
        continue;
      }
      const v = values.get(c);
      if (v !== undefined) {
        q.push(v);
        continue;
      }
      if (c !== 61 /* = */) return { errorAt: si - 1 };
      // Padding: only after two or three symbols of the quantum.
      if (j === 0 || j === 1) return { errorAt: si - 1 };
      if (j === 2) {
        while (si < n && isNewline(src.charCodeAt(si))) si++;
        if (si === n) return { errorAt: n };
        if (src.charCodeAt(si) !== 61) return { errorAt: si - 1 };
        si++;
      }
      while (si < n && isNewline(src.charCodeAt(si))) si++;
      if (si < n) return { errorAt: si };
      break;
    }
    const [a = 0, b = 0, c = 0, d = 0] = q;
    const word = (a << 18) | (b << 12) | (c << 6) | d;
    out.push((word >> 16) & 0xff);
    if (q.length >= 3) out.push((word >> 8) & 0xff);
    if (q.length === 4) out.push(word & 0xff);
    if (q.length < 4) break;
  }
  return { bytes: Uint8Array.from(out) };
}
