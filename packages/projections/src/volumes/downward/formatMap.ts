const simpleEscapes: Record<string, string> = {
  '\x07': '\\a',
  '\b': '\\b',
  '\f': '\\f',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\v': '\\v',
  '\\': '\\\\',
  '"': '\\"',
};
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;
const hex = (n: number, width: number) => n.toString(16).padStart(width, '0');

/**
 * Go's `%q` for a string (strconv.Quote): printable runes kept, `\n`, `\t`, `"` and `\\` escaped,
 * other control and non-printable runes as `\x`, `\u` or `\U` escapes. Pure.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const esc = simpleEscapes[ch];
    if (esc) out += esc;
    else if (printable.test(ch)) out += ch;
    else {
      const cp = ch.codePointAt(0) ?? 0xfffd;
      if (cp < 0x20 || cp === 0x7f) out += `\\x${hex(cp, 2)}`;
      else if (cp >= 0xd800 && cp <= 0xdfff) out += '\\ufffd';
      else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
      else out += `\\U${hex(cp, 8)}`;
    }
  }
  return `${out}"`;
}

/**
 * fieldpath.FormatMap: one `key="value"` line per entry (value Go-quoted), keys sorted bytewise,
 * joined by `\n` with no trailing newline; an empty or absent map gives "". Pure.
 */
export function formatMap(m: Readonly<Record<string, string>> | undefined): string {
  if (!m) return '';
  // Go sorts by bytes; UTF-16 code-unit order differs only above the BMP, where we sort by code point.
  const keys = Object.keys(m).sort((a, b) => compareCodePoints(a, b));
  return keys.map((k) => `${k}=${goQuote(m[k] ?? '')}`).join('\n');
}

/** Compares strings by Unicode code points, which matches Go's UTF-8 byte order. */
export function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done === y.done ? 0 : x.done ? -1 : 1;
    const d = (x.value.codePointAt(0) ?? 0) - (y.value.codePointAt(0) ?? 0);
    if (d !== 0) return d;
  }
}
