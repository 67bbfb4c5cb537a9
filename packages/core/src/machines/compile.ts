import type { AnyStateMachine, AnyStateNode } from 'xstate';
import type { Refusal } from './refusal.js';

/** A rule: undefined when the event may happen, otherwise a coded refusal. */
export type Rule<C, E, Env> = (ctx: C, event: E, env: Env) => Refusal | undefined;
/** A pure context update run by a transition. */
export type Update<C, E, Env> = (ctx: C, event: E, env: Env) => C;

/** The named guards and actions both XState and the compiled runner execute. */
export interface MachineRules<C, E, Env> {
  guards: Record<string, Rule<C, E, Env>>;
  actions: Record<string, Update<C, E, Env>>;
}

/** One transition of a leaf state, resolved to functions. */
export interface CompiledTransition<C, E, Env> {
  guard?: Rule<C, E, Env>;
  /** Leaf state after the transition; undefined for a targetless transition. */
  target?: string;
  actions: Update<C, E, Env>[];
}

/**
 * A statechart flattened to a table: leaf state × event type → candidate transitions, in
 * XState's priority order (deepest state first, then document order). Replay runs this table
 * instead of XState's interpreter (about 50× faster); a property test checks both agree.
 */
export interface CompiledMachine<C, E, Env> {
  initial: string;
  leaves: string[];
  on: Map<string, Map<string, CompiledTransition<C, E, Env>[]>>;
  /** Eventless (`always`) transitions per leaf, checked after every transition. */
  always: Map<string, CompiledTransition<C, E, Env>[]>;
}

const leafKey = (node: AnyStateNode): string => node.path.join('.');

function initialLeaf(node: AnyStateNode): AnyStateNode {
  let n = node;
  while (n.type === 'compound') n = n.initial.target[0] as AnyStateNode;
  return n;
}

function guardName(g: unknown): string | undefined {
  if (g === undefined) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g !== null && 'type' in g) return String((g as { type: unknown }).type);
  throw new Error(
    'compileMachine: guards must be named (setup({ guards })) so the compiled table can run them',
  );
}

/** Flattens an XState machine built with named guards/actions into a CompiledMachine. */
export function compileMachine<C, E, Env>(
  machine: AnyStateMachine,
  rules: MachineRules<C, E, Env>,
): CompiledMachine<C, E, Env> {
  const leaves: AnyStateNode[] = [];
  const walk = (n: AnyStateNode) => {
    const kids = Object.values(n.states) as AnyStateNode[];
    if (kids.length === 0) leaves.push(n);
    for (const k of kids) walk(k);
  };
  walk(machine.root);
  const on = new Map<string, Map<string, CompiledTransition<C, E, Env>[]>>();
  const always = new Map<string, CompiledTransition<C, E, Env>[]>();
  const resolve = (d: {
    guard?: unknown;
    actions: unknown;
    target?: readonly unknown[];
  }): CompiledTransition<C, E, Env> => {
    const g = guardName(d.guard);
    const guard = g === undefined ? undefined : rules.guards[g];
    if (g !== undefined && guard === undefined) throw new Error(`compileMachine: unknown guard "${g}"`);
    const actions = (d.actions as unknown[]).map((a) => {
      const name = typeof a === 'string' ? a : String((a as { type: unknown }).type);
      const fn = rules.actions[name];
      if (fn === undefined) throw new Error(`compileMachine: unknown action "${name}"`);
      return fn;
    });
    const target = d.target?.[0] ? leafKey(initialLeaf(d.target[0] as AnyStateNode)) : undefined;
    return { guard, target, actions };
  };
  for (const leaf of leaves) {
    const eventless: CompiledTransition<C, E, Env>[] = [];
    for (let n: AnyStateNode | undefined = leaf; n !== undefined; n = n.parent) {
      for (const d of n.always ?? []) eventless.push(resolve(d));
    }
    if (eventless.length > 0) always.set(leafKey(leaf), eventless);
    const table = new Map<string, CompiledTransition<C, E, Env>[]>();
    for (let n: AnyStateNode | undefined = leaf; n !== undefined; n = n.parent) {
      for (const [type, defs] of n.transitions) {
        const list = table.get(type) ?? [];
        for (const d of defs) list.push(resolve(d));
        table.set(type, list);
      }
    }
    on.set(leafKey(leaf), table);
  }
  return { initial: leafKey(initialLeaf(machine.root)), leaves: leaves.map(leafKey), on, always };
}

/** The result of choosing a transition: the one to take, or why none may be taken. */
export type Selection<C, E, Env> =
  | { ok: true; transition: CompiledTransition<C, E, Env> }
  | { ok: false; reason: Refusal | undefined };

/**
 * Picks the first enabled transition for `type` in `state`, or the last guard's refusal. Pure.
 * @internal
 */
export function selectTransition<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  type: string,
  ctx: C,
  event: E,
  env: Env,
): Selection<C, E, Env> {
  const candidates = m.on.get(state)?.get(type);
  if (candidates === undefined) return { ok: false, reason: undefined };
  let reason: Refusal | undefined;
  for (const t of candidates) {
    if (t.guard === undefined) return { ok: true, transition: t };
    const why = t.guard(ctx, event, env);
    if (why === undefined) return { ok: true, transition: t };
    // The last candidate is the general case (earlier ones are special branches), so its
    // refusal is the one that explains the event to a user.
    reason = why;
  }
  return { ok: false, reason };
}

/**
 * Runs a selected transition's actions; returns the next context. Pure.
 * @internal
 */
export function runTransition<C, E, Env>(t: CompiledTransition<C, E, Env>, ctx: C, event: E, env: Env): C {
  let next = ctx;
  for (const a of t.actions) next = a(next, event, env);
  return next;
}

/**
 * Takes a selected transition and then every enabled eventless transition (XState's
 * macrostep), returning the final leaf and context. Pure.
 * @internal
 */
export function macrostep<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  t: CompiledTransition<C, E, Env>,
  ctx: C,
  event: E,
  env: Env,
): { state: string; ctx: C } {
  return settleEventless(m, t.target ?? state, runTransition(t, ctx, event, env), event, env);
}

/**
 * Takes every enabled eventless transition from `state` (XState resolves them after each
 * transition and when an actor starts), returning the final leaf and context. Pure.
 * @internal
 */
export function settleEventless<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  ctx: C,
  event: E,
  env: Env,
): { state: string; ctx: C } {
  let s = state;
  let c = ctx;
  for (let guard = 0; guard < 16; guard++) {
    const list = m.always.get(s);
    if (list === undefined) break;
    let taken: CompiledTransition<C, E, Env> | undefined;
    for (const a of list) {
      if (a.guard === undefined || a.guard(c, event, env) === undefined) {
        taken = a;
        break;
      }
    }
    if (taken === undefined) break;
    c = runTransition(taken, c, event, env);
    if (taken.target === undefined || taken.target === s) break;
    s = taken.target;
  }
  return { state: s, ctx: c };
}

/** XState guard adapters for rules: a guard passes when its rule gives no reason. */
export function toXStateGuards<K extends string, C, E, Env, X extends { context: unknown; event: E }>(
  guards: Record<K, Rule<C, E, Env>>,
  split: (args: X) => [C, Env],
): Record<K, (args: X) => boolean> {
  const out = {} as Record<K, (args: X) => boolean>;
  for (const k of Object.keys(guards) as K[]) {
    const g = guards[k];
    out[k] = (args) => {
      const [ctx, env] = split(args);
      return g(ctx, args.event, env) === undefined;
    };
  }
  return out;
}
