import { goQuote } from '@podstate/core/runtime';

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
