/**
 * Go's `strconv.Quote` (what `%q` prints for a string): double quotes, `\a \b \f \n \r \t \v \\ \"`
 * escapes, `\xNN` for other non-printable ASCII and invalid bytes, `\uNNNN` / `\UNNNNNNNN` for
 * non-printable runes; printable Unicode is kept as is. Pure.
 */
export function goQuote(s: string): string {
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    const named = namedEscapes[ch];
    if (named !== undefined) out += named;
    else if (cp >= 0xd800 && cp <= 0xdfff)
      out += '\ufffd'; // a lone surrogate decodes as U+FFFD, which is printable
    else if (isPrintable(cp)) out += ch;
    else if (cp < 0x80) out += `\\x${hex(cp, 2)}`;
    else if (cp < 0x10000) out += `\\u${hex(cp, 4)}`;
    else out += `\\U${hex(cp, 8)}`;
  }
  return `${out}"`;
}

const namedEscapes: Record<string, string> = {
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

const hex = (n: number, width: number): string => n.toString(16).padStart(width, '0');

// unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.
const printable = /^[\p{L}\p{M}\p{N}\p{P}\p{S}]$/u;

function isPrintable(cp: number): boolean {
  if (cp === 0x20) return true;
  if (cp < 0x20 || cp === 0x7f) return false;
  return printable.test(String.fromCodePoint(cp));
}
