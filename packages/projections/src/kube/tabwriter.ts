/** Options of Go's text/tabwriter.Writer.Init, for space padding without flags. */
export interface TabwriterOptions {
  minwidth: number;
  padding: number;
}

/**
 * Aligns tab-separated text the way Go's text/tabwriter does with a space pad character and
 * no flags: a cell is tab-terminated text; the last cell of a line is not part of any column;
 * a column block is a run of consecutive lines that have a cell in that column, and its width
 * is max(minwidth, widest cell + padding). Widths count code points, as Go counts runes. Pure.
 *
 * @example tabwrite('a\tb\nccc\td\n', { minwidth: 0, padding: 2 }) // 'a    b\nccc  d\n'
 */
export function tabwrite(text: string, { minwidth, padding }: TabwriterOptions): string {
  const trailingNewline = text.endsWith('\n');
  const lines = (trailingNewline ? text.slice(0, -1) : text).split('\n').map((l) => l.split('\t'));
  const widths: number[][] = lines.map((cells) => cells.map(() => 0));
  formatBlock(lines, widths, 0, 0, lines.length, minwidth, padding);
  const out = lines.map((cells, i) =>
    cells
      .map((cell, j) => {
        const w = widths[i]?.[j] ?? 0;
        return j < cells.length - 1 ? cell + ' '.repeat(Math.max(0, w - width(cell))) : cell;
      })
      .join(''),
  );
  return out.join('\n') + (trailingNewline ? '\n' : '');
}

const width = (s: string) => [...s].length;

function formatBlock(
  lines: string[][],
  widths: number[][],
  column: number,
  line0: number,
  line1: number,
  minwidth: number,
  padding: number,
): void {
  let i = line0;
  while (i < line1) {
    const cells = lines[i] ?? [];
    if (column >= cells.length - 1) {
      i++;
      continue;
    }
    const start = i;
    let w = minwidth;
    for (; i < line1; i++) {
      const row = lines[i] ?? [];
      if (column >= row.length - 1) break;
      w = Math.max(w, width(row[column] ?? '') + padding);
    }
    for (let k = start; k < i; k++) {
      const rw = widths[k];
      if (rw) rw[column] = w;
    }
    formatBlock(lines, widths, column + 1, start, i, minwidth, padding);
  }
}
