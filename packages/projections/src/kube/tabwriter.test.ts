import { describe, expect, it } from 'vitest';
import { tabwrite } from './tabwriter.js';

describe('tabwrite (Go text/tabwriter semantics)', () => {
  it('text/tabwriter: the last cell of a line is not padded', () => {
    expect(tabwrite('a\tb\nccc\td\n', { minwidth: 0, padding: 2 })).toBe('a    b\nccc  d\n');
  });
  it('text/tabwriter: a line without tabs ends the column block', () => {
    expect(tabwrite('a\tb\nplain line\nlonger\tc\n', { minwidth: 0, padding: 1 })).toBe(
      'a b\nplain line\nlonger c\n',
    );
  });
  it('text/tabwriter: inner columns are aligned only within their own block', () => {
    const text = 'x\ty\tz\nxx\ty\nx\tyyyy\tz\n';
    expect(tabwrite(text, { minwidth: 0, padding: 1 })).toBe('x  y z\nxx y\nx  yyyy z\n');
  });
  it('text/tabwriter: minwidth applies to narrow columns', () => {
    expect(tabwrite('A\tB\n', { minwidth: 6, padding: 3 })).toBe('A     B\n');
  });
});
