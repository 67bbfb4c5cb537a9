import type { PodRow } from './printPod.js';
import { tabwrite } from './tabwriter.js';

/** Options of `kubectl get pods` output. */
export interface PodTableOptions {
  wide?: boolean;
  noHeaders?: boolean;
}

const COLUMNS = ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE'];
const WIDE = ['IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES'];

/**
 * Renders rows as kubectl prints a table: uppercase headers, left-aligned columns, each at
 * least 6 wide and 3 spaces of padding (cli-runtime printers.GetNewTabWriter: minwidth 6,
 * padding 3). Ends with a newline; empty when there are no rows and no headers. Pure.
 */
export function formatPodTable(rows: readonly PodRow[], options: PodTableOptions = {}): string {
  const lines: string[][] = [];
  if (!options.noHeaders) lines.push(options.wide ? [...COLUMNS, ...WIDE] : COLUMNS);
  for (const r of rows) {
    const cells = [r.name, r.ready, r.status, r.restarts, r.age];
    if (options.wide) cells.push(r.ip, r.node, r.nominatedNode, r.readinessGates);
    lines.push(cells);
  }
  if (lines.length === 0) return '';
  return tabwrite(lines.map((l) => `${l.join('\t')}\n`).join(''), { minwidth: 6, padding: 3 });
}
