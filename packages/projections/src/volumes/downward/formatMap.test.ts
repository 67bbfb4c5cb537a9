import { goQuote } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { formatMap } from './formatMap.js';

describe('fieldpath.FormatMap', () => {
  it('FormatMap: sorted key="value" lines, no trailing newline', () => {
    expect(formatMap({ 'spaced.label': 'value', foo: 'bar', 'key.with.dots': 'x' })).toBe(
      'foo="bar"\nkey.with.dots="x"\nspaced.label="value"',
    );
  });
  it('FormatMap: empty and absent maps give an empty file', () => {
    expect(formatMap({})).toBe('');
    expect(formatMap(undefined)).toBe('');
  });
  it('FormatMap: values use Go %q quoting (newline, quote, backslash, tab)', () => {
    expect(formatMap({ multiline: 'a\nb', q: 'say "hi"', bs: 'c:\\x', t: 'a\tb' })).toBe(
      'bs="c:\\\\x"\nmultiline="a\\nb"\nq="say \\"hi\\""\nt="a\\tb"',
    );
  });
  it('strconv.Quote: printable Unicode kept, control and non-printable escaped', () => {
    expect(goQuote('héllo 世界')).toBe('"héllo 世界"');
    expect(goQuote('\x00\x7f')).toBe('"\\x00\\x7f"');
    expect(goQuote('\u00a0')).toBe('"\\u00a0"');
    expect(goQuote('\u200b')).toBe('"\\u200b"');
  });
});
