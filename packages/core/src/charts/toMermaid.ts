import type { AnyStateMachine } from 'xstate';
import { type ChartJSON, type ChartState, type ChartTransition, toChartJSON } from './toChartJSON.js';

/** A Mermaid-safe state id: `running.up` → `running_up`. */
const mid = (id: string) => id.replace(/[^A-Za-z0-9_]/g, '_');

/** `event [guard]`, or `always [guard]` for an eventless transition. @internal */
export function transitionLabel(t: ChartTransition): string {
  const event = t.event ?? 'always';
  return t.guard === undefined ? event : `${event} [${t.guard}]`;
}

/** The innermost compound state holding both ends (undefined: the top level). */
function scopeOf(chart: ChartJSON, t: ChartTransition): string | undefined {
  const ancestors = (id: string | undefined): string[] => {
    const out: string[] = [];
    for (let s = chart.states.find((x) => x.id === id); s?.parent !== undefined; ) {
      out.push(s.parent);
      s = chart.states.find((x) => x.id === s?.parent);
    }
    return out;
  };
  const target = t.target ?? t.source;
  const up = ancestors(t.source);
  return ancestors(target).find((a) => up.includes(a) && a !== t.source && a !== target);
}

/**
 * The machine as a Mermaid `stateDiagram-v2`: nested states as composite states (the regions of a
 * parallel state separated by `--`), one arrow per
 * transition labelled `event [guard]`, targetless transitions as self-loops. Pure and
 * deterministic, so docs can be checked against it.
 * @example toMermaid(containerMachine).split('\n')[0] // 'stateDiagram-v2'
 */
export function toMermaid(machine: AnyStateMachine): string {
  const chart = toChartJSON(machine);
  const lines = ['stateDiagram-v2'];
  const edge = (t: ChartTransition) =>
    `${mid(t.source)} --> ${mid(t.target ?? t.source)} : ${transitionLabel(t)}`;
  // Inside each scope: declarations first (so labels apply), then the initial arrow, then edges.
  const emit = (parent: string | undefined, initial: string | undefined, indent: string) => {
    const kids = chart.states.filter((s) => s.parent === parent);
    // The regions of a parallel state are Mermaid's concurrent regions, separated by `--`.
    const parallel = chart.states.find((s) => s.id === parent)?.type === 'parallel';
    kids.forEach((s, i) => {
      if (parallel && i > 0) lines.push(`${indent}--`);
      emitState(s, indent);
    });
    if (initial !== undefined) lines.push(`${indent}[*] --> ${mid(initial)}`);
    for (const t of chart.transitions) if (scopeOf(chart, t) === parent) lines.push(`${indent}${edge(t)}`);
    for (const s of kids) if (s.type === 'final') lines.push(`${indent}${mid(s.id)} --> [*]`);
  };
  const emitState = (s: ChartState, indent: string) => {
    const label = s.key === mid(s.id) ? '' : `state "${s.key}" as ${mid(s.id)}`;
    if (s.type !== 'compound' && s.type !== 'parallel') {
      if (label) lines.push(`${indent}${label}`);
      return;
    }
    if (label) lines.push(`${indent}${label}`);
    lines.push(`${indent}state ${mid(s.id)} {`);
    emit(s.id, s.initial, `${indent}  `);
    lines.push(`${indent}}`);
  };
  emit(undefined, chart.initial, '  ');
  return `${lines.join('\n')}\n`;
}
