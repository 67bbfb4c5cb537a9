import type { AnyStateMachine, AnyStateNode } from 'xstate';

/** One state of a chart; `id` is its path from the root joined by dots (`running.up`). */
export interface ChartState {
  id: string;
  key: string;
  type: 'atomic' | 'compound' | 'parallel' | 'final' | 'history';
  /** Id of the enclosing state; absent for top-level states. */
  parent?: string;
  /** Id of the initial child of a compound state. */
  initial?: string;
  description?: string;
}

/** One transition as written in the machine: from `source` on `event` (null: eventless `always`). */
export interface ChartTransition {
  source: string;
  /** Absent for a targetless transition (it only runs actions). */
  target?: string;
  event: string | null;
  guard?: string;
  actions: string[];
}

/** A machine's structure as plain data: what `podstate chart --format json` prints. */
export interface ChartJSON {
  id: string;
  initial: string;
  states: ChartState[];
  transitions: ChartTransition[];
}

const idOf = (node: AnyStateNode): string => node.path.join('.');

/** The name of a guard or action reference: `'name'`, `{ type: 'name' }` or a named function. */
function refName(ref: unknown): string {
  if (typeof ref === 'string') return ref;
  // XState's higher-order guards: stateIn('#id') and and([...]).
  const inState = (ref as { stateValue?: unknown } | undefined)?.stateValue;
  if (typeof ref === 'function' && typeof inState === 'string')
    return `in ${inState.replace(/^#[^.]+\./, '')}`;
  const all = (ref as { guards?: unknown } | undefined)?.guards;
  if (typeof ref === 'function' && Array.isArray(all)) return all.map(refName).join(' && ');
  if (typeof ref === 'function') return ref.name || 'inline';
  if (typeof ref === 'object' && ref !== null && 'type' in ref)
    return String((ref as { type: unknown }).type);
  return 'inline';
}

interface TransitionDef {
  target?: readonly AnyStateNode[];
  guard?: unknown;
  actions: readonly unknown[];
}

function toTransition(source: AnyStateNode, event: string | null, d: TransitionDef): ChartTransition {
  const target = d.target?.[0];
  // Keys in reading order (source, target, event, guard, actions) so the JSON reads like the chart.
  return {
    source: idOf(source),
    ...(target === undefined ? {} : { target: idOf(target) }),
    event,
    ...(d.guard === undefined ? {} : { guard: refName(d.guard) }),
    actions: d.actions.map(refName),
  };
}

/**
 * The structure of an XState machine (states, nesting, transitions with event, guard and
 * actions), read from `machine.root` in document order. Pure; the charts below render it.
 * @example toChartJSON(podMachine).states.map((s) => s.id) // ['unscheduled', 'scheduled', …]
 */
export function toChartJSON(machine: AnyStateMachine): ChartJSON {
  const states: ChartState[] = [];
  const transitions: ChartTransition[] = [];
  const visit = (node: AnyStateNode) => {
    if (node.parent !== undefined) {
      const s: ChartState = { id: idOf(node), key: node.key, type: node.type };
      if (node.parent.parent !== undefined) s.parent = idOf(node.parent);
      const first = node.type === 'compound' ? node.initial?.target?.[0] : undefined;
      if (first !== undefined) s.initial = idOf(first);
      if (node.description) s.description = node.description;
      states.push(s);
    }
    for (const [event, defs] of node.transitions) {
      for (const d of defs) transitions.push(toTransition(node, event, d));
    }
    for (const d of node.always ?? []) transitions.push(toTransition(node, null, d));
    for (const child of Object.values(node.states) as AnyStateNode[]) visit(child);
  };
  visit(machine.root);
  const initial = machine.root.initial?.target?.[0];
  return { id: machine.id, initial: initial ? idOf(initial) : '', states, transitions };
}
