import type { AnyStateMachine } from 'xstate';
import { type ChartState, toChartJSON } from './toChartJSON.js';
import { transitionLabel } from './toMermaid.js';

const q = (s: string) => `"${s.replace(/["\\]/g, '\\$&')}"`;
/** The point node that stands for a compound state's entry (edges to or from the cluster use it). */
const entry = (id: string) => q(`${id}.__initial`);
const cluster = (id: string) => q(`cluster_${id}`);

/**
 * The machine as a Graphviz `digraph`: compound states as clusters (edges to or from them clip at
 * the cluster border), final states as double circles, one edge per transition labelled
 * `event [guard]`. Pure and deterministic. Render with `dot -Tsvg`.
 */
export function toDot(machine: AnyStateMachine): string {
  const chart = toChartJSON(machine);
  const byId = new Map(chart.states.map((s) => [s.id, s]));
  const lines = [
    `digraph ${q(chart.id)} {`,
    '  compound=true;',
    '  rankdir=LR;',
    '  node [shape=box, style=rounded];',
  ];
  lines.push(`  ${q('__initial')} [shape=point];`, `  ${q('__initial')} -> ${q(chart.initial)};`);
  const emit = (parent: string | undefined, indent: string) => {
    for (const s of chart.states.filter((x) => x.parent === parent)) emitState(s, indent);
  };
  const emitState = (s: ChartState, indent: string) => {
    if (s.type === 'compound' || s.type === 'parallel') {
      lines.push(`${indent}subgraph ${cluster(s.id)} {`, `${indent}  label=${q(s.key)};`);
      lines.push(`${indent}  ${entry(s.id)} [shape=point];`);
      if (s.initial !== undefined) lines.push(`${indent}  ${entry(s.id)} -> ${q(s.initial)};`);
      emit(s.id, `${indent}  `);
      lines.push(`${indent}}`);
      return;
    }
    const shape = s.type === 'final' ? ', shape=doublecircle' : '';
    lines.push(`${indent}${q(s.id)} [label=${q(s.key)}${shape}];`);
  };
  emit(undefined, '  ');
  const isCluster = (id: string) => byId.get(id)?.type === 'compound' || byId.get(id)?.type === 'parallel';
  for (const t of chart.transitions) {
    const target = t.target ?? t.source;
    const attrs = [`label=${q(transitionLabel(t))}`];
    if (isCluster(t.source)) attrs.push(`ltail=${cluster(t.source)}`);
    if (isCluster(target)) attrs.push(`lhead=${cluster(target)}`);
    const from = isCluster(t.source) ? entry(t.source) : q(t.source);
    const to = isCluster(target) ? entry(target) : q(target);
    lines.push(`  ${from} -> ${to} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return `${lines.join('\n')}\n`;
}
