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

/** One transition of a state configuration, resolved to functions. */
export interface CompiledTransition<C, E, Env> {
  guard?: Rule<C, E, Env>;
  /** Configuration after the transition (see {@link stateKey}); undefined for a targetless transition. */
  target?: string;
  actions: Update<C, E, Env>[];
}

/**
 * A statechart flattened to a table: configuration × event type → candidate transitions, in
 * XState's priority order (deepest state first, then document order). A configuration is one
 * atomic state, or one atomic state per region under a parallel state; its key is
 * {@link stateKey} of XState's state value (`running.up.startup.pending | running.up.readiness.ready`).
 * Replay runs this table instead of XState's interpreter (about 50× faster); a property test
 * checks both agree.
 */
export interface CompiledMachine<C, E, Env> {
  initial: string;
  /** Every configuration the chart can be in (keys as {@link stateKey} gives them). */
  leaves: string[];
  on: Map<string, Map<string, CompiledTransition<C, E, Env>[]>>;
  /** Eventless (`always`) transitions per configuration, checked after every transition. */
  always: Map<string, CompiledTransition<C, E, Env>[]>;
}

/** A state value as XState gives it: a leaf name or nested objects (parallel regions). */
export type StateValueLike = string | { [key: string]: StateValueLike };

/**
 * The key of a state value: its atomic states as dotted paths, parallel regions joined by
 * ` | ` in document order. `stateKey({running: {up: {startup: 'passed', readiness: 'ready'}}})`
 * is `running.up.startup.passed | running.up.readiness.ready`. Pure.
 */
export function stateKey(value: StateValueLike): string {
  if (typeof value === 'string') return value;
  const out: string[] = [];
  const walk = (v: StateValueLike, prefix: string) => {
    if (typeof v === 'string') {
      out.push(prefix === '' ? v : `${prefix}.${v}`);
      return;
    }
    for (const [k, child] of Object.entries(v)) walk(child, prefix === '' ? k : `${prefix}.${k}`);
  };
  walk(value, '');
  return out.join(' | ');
}

/** The XState state value of a configuration key (the inverse of {@link stateKey}). Pure. */
export function stateValueOf(key: string): StateValueLike {
  const paths = key.split(' | ').map((p) => p.split('.'));
  if (paths.length === 1 && paths[0]!.length === 1) return paths[0]![0]!;
  const root: { [key: string]: StateValueLike } = {};
  for (const path of paths) {
    let node = root;
    for (let i = 0; i < path.length - 2; i++) {
      node[path[i]!] ??= {};
      node = node[path[i]!] as { [key: string]: StateValueLike };
    }
    node[path[path.length - 2]!] = path[path.length - 1]!;
  }
  return root;
}

const pathOf = (node: AnyStateNode): string => node.path.join('.');
const childrenOf = (node: AnyStateNode): AnyStateNode[] => Object.values(node.states) as AnyStateNode[];

function isDescendant(node: AnyStateNode, ancestor: AnyStateNode): boolean {
  for (let n = node.parent; n !== undefined; n = n.parent) if (n === ancestor) return true;
  return false;
}

/** The atomic states a state enters through its initial states (every region of a parallel one). */
function initialLeaves(node: AnyStateNode): AnyStateNode[] {
  if (node.type === 'parallel') return childrenOf(node).flatMap(initialLeaves);
  if (node.type === 'compound') return initialLeaves(node.initial.target[0] as AnyStateNode);
  return [node];
}

/** Every configuration below a state: one atomic state, or the product of its regions'. */
function configurationsOf(node: AnyStateNode): AnyStateNode[][] {
  const kids = childrenOf(node);
  if (kids.length === 0) return [[node]];
  if (node.type !== 'parallel') return kids.flatMap(configurationsOf);
  let out: AnyStateNode[][] = [[]];
  for (const k of kids) out = out.flatMap((prefix) => configurationsOf(k).map((c) => [...prefix, ...c]));
  return out;
}

/**
 * The configuration after a transition from `source` to `target` taken in `config`, as XState v5
 * computes it (getTransitionDomain, findLCCA; `reenter: false`): the states below the domain are
 * exited, the target and its ancestors up to the domain are entered, with the initial states of
 * any other region of a parallel state entered on the way.
 */
function nextConfiguration(
  config: AnyStateNode[],
  source: AnyStateNode,
  target: AnyStateNode,
  order: Map<AnyStateNode, number>,
): AnyStateNode[] {
  let domain: AnyStateNode | undefined;
  if (target === source || isDescendant(target, source)) domain = source;
  else
    for (let n = source.parent; n !== undefined; n = n.parent)
      if (n.type !== 'parallel' && isDescendant(target, n)) {
        domain = n;
        break;
      }
  if (domain === undefined || domain.type === 'parallel')
    throw new Error(`compileMachine: unsupported transition ${pathOf(source)} → ${pathOf(target)}`);
  // A leaf's transition to itself has the leaf as its domain: it is left and entered again, once.
  const kept = config.filter((leaf) => leaf !== domain && !isDescendant(leaf, domain));
  const entered = initialLeaves(target);
  // The domain is the target or one of its ancestors, and never a parallel state: every state
  // passed on the way up has a parent, the domain's children add no region.
  for (let n = target; n !== domain; n = n.parent!) {
    if (n.parent!.type === 'parallel')
      for (const region of childrenOf(n.parent!)) if (region !== n) entered.push(...initialLeaves(region));
  }
  return [...kept, ...entered].sort((a, b) => order.get(a)! - order.get(b)!);
}

/**
 * One string object per configuration key, internalized (a property name is): the table's keys,
 * its targets and the literals the rules write (`'terminated.exited'`) are then the same string,
 * so replay's table lookups compare pointers instead of characters.
 */
const canonicalKeys = new Map<string, string>();
const canonical = (key: string): string => {
  let k = canonicalKeys.get(key);
  if (k === undefined) {
    k = Object.keys({ [key]: 0 })[0]!;
    canonicalKeys.set(key, k);
  }
  return k;
};

const keyOf = (config: AnyStateNode[]): string => canonical(config.map(pathOf).join(' | '));

function guardName(g: unknown): string | undefined {
  if (g === undefined) return undefined;
  if (typeof g === 'string') return g;
  if (typeof g === 'object' && g !== null && 'type' in g) return String((g as { type: unknown }).type);
  throw new Error(
    'compileMachine: guards must be named (setup({ guards })) so the compiled table can run them',
  );
}

/** XState's `stateIn(…)` guard, as `stateIn` builds it (a function carrying `stateValue`): what it names. */
const stateInOf = (g: unknown): unknown =>
  typeof g === 'function' && 'stateValue' in g ? (g as { stateValue: unknown }).stateValue : undefined;
/** XState's `and([...])` guard (a function carrying `guards`). */
const andOf = (g: unknown): readonly unknown[] | undefined =>
  typeof g === 'function' && Array.isArray((g as { guards?: unknown }).guards)
    ? (g as unknown as { guards: unknown[] }).guards
    : undefined;

/**
 * A transition's guard for one configuration: `stateIn('#id')` guards are decided here, once, from
 * the configuration (a state guard the configuration does not satisfy drops the transition from
 * it: `never`); what is left is at most one named rule. `and([stateIn(…), 'rule'])` is how the
 * chart lets one region's transition depend on another region's state.
 */
function resolveGuard(
  g: unknown,
  active: Set<AnyStateNode>,
  machine: AnyStateMachine,
): { never: true } | { never: false; name: string | undefined } {
  const id = stateInOf(g);
  if (id !== undefined) {
    if (typeof id !== 'string' || !id.startsWith('#'))
      throw new Error(`compileMachine: stateIn needs a state id (#…), not ${JSON.stringify(id)}`);
    const node = machine.getStateNodeById(id.slice(1)) as AnyStateNode;
    return active.has(node) ? { never: false, name: undefined } : { never: true };
  }
  const all = andOf(g);
  if (all !== undefined) {
    let name: string | undefined;
    for (const part of all) {
      const r = resolveGuard(part, active, machine);
      if (r.never) return r;
      if (r.name !== undefined) {
        if (name !== undefined) throw new Error('compileMachine: and() takes at most one named guard');
        name = r.name;
      }
    }
    return { never: false, name };
  }
  return { never: false, name: guardName(g) };
}

/** Flattens an XState machine built with named guards/actions into a CompiledMachine. */
export function compileMachine<C, E, Env>(
  machine: AnyStateMachine,
  rules: MachineRules<C, E, Env>,
): CompiledMachine<C, E, Env> {
  const order = new Map<AnyStateNode, number>();
  const number = (n: AnyStateNode) => {
    order.set(n, order.size);
    for (const k of childrenOf(n)) number(k);
  };
  number(machine.root);
  const on = new Map<string, Map<string, CompiledTransition<C, E, Env>[]>>();
  const always = new Map<string, CompiledTransition<C, E, Env>[]>();
  const actionsOf = (d: { actions: unknown }) =>
    (d.actions as unknown[]).map((a) => {
      const name = typeof a === 'string' ? a : String((a as { type: unknown }).type);
      const fn = rules.actions[name];
      if (fn === undefined) throw new Error(`compileMachine: unknown action "${name}"`);
      return fn;
    });
  const configs = configurationsOf(machine.root);
  for (const config of configs) {
    // The active states, deepest first (then in document order): each region's own states come
    // before the parallel state and its ancestors, so a general rule written on an ancestor is
    // the last candidate and explains a refusal.
    const active = new Set<AnyStateNode>();
    for (const leaf of config) for (let n: AnyStateNode | undefined = leaf; n; n = n.parent) active.add(n);
    const resolve = (
      source: AnyStateNode,
      d: { guard?: unknown; actions: unknown; target?: readonly unknown[] },
    ): CompiledTransition<C, E, Env> | undefined => {
      const r = resolveGuard(d.guard, active, machine);
      if (r.never) return undefined;
      const g = r.name;
      const guard = g === undefined ? undefined : rules.guards[g];
      if (g !== undefined && guard === undefined) throw new Error(`compileMachine: unknown guard "${g}"`);
      if ((d.target?.length ?? 0) > 1) throw new Error('compileMachine: one target per transition');
      const t = d.target?.[0] as AnyStateNode | undefined;
      const target = t === undefined ? undefined : keyOf(nextConfiguration(config, source, t, order));
      return { guard, target, actions: actionsOf(d) };
    };
    const nodes = [...active].sort((a, b) => b.path.length - a.path.length || order.get(a)! - order.get(b)!);
    const eventless: CompiledTransition<C, E, Env>[] = [];
    const table = new Map<string, CompiledTransition<C, E, Env>[]>();
    for (const n of nodes) {
      for (const d of n.always ?? []) {
        const t = resolve(n, d);
        if (t !== undefined) eventless.push(t);
      }
      for (const [type, defs] of n.transitions) {
        const list = table.get(type) ?? [];
        for (const d of defs) {
          const t = resolve(n, d);
          if (t !== undefined) list.push(t);
        }
        table.set(type, list);
      }
    }
    const key = keyOf(config);
    if (eventless.length > 0) always.set(key, eventless);
    on.set(key, table);
  }
  return {
    initial: keyOf(initialLeaves(machine.root)),
    leaves: configs.map(keyOf),
    on,
    always,
  };
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
  const t = pick(m, state, type, ctx, event, env);
  return t !== undefined ? { ok: true, transition: t } : { ok: false, reason: picked.reason };
}

// What the last `pick` found when it found no transition: the refusal that explains it (the last
// candidate's), or undefined when the state has no transition for the type. Read it right after
// `pick` returned undefined; the replay path allocates no Selection per event.
const picked: { reason: Refusal | undefined } = { reason: undefined };

/**
 * The refusal behind the last {@link pick} that returned undefined.
 * @internal
 */
export function pickedRefusal(): Refusal | undefined {
  return picked.reason;
}

/**
 * {@link selectTransition} without the Selection: the transition to take, or undefined (the
 * reason is then {@link pickedRefusal}). Pure apart from that one slot. The replay path.
 * @internal
 */
export function pick<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  type: string,
  ctx: C,
  event: E,
  env: Env,
): CompiledTransition<C, E, Env> | undefined {
  // A machine without an environment (the container machine) decides from its context and the
  // event alone, and contexts are never changed in place: the Pod's guard and then its action ask
  // the same question for one container event, so the last answer is kept (see `last`).
  if (env === undefined) {
    const ev = event as { type?: unknown; time?: unknown; data?: unknown };
    // The engine's TrackedEvent notes reads of its time: comparing keys is not one, but an
    // answer kept from a selection that read the time is one (see TrackedEvent).
    const tracked = ev instanceof TrackedEvent ? ev : undefined;
    const time = tracked !== undefined ? tracked.at : ev.time;
    if (
      last.ctx === ctx &&
      last.m === m &&
      last.state === state &&
      last.type === type &&
      last.data === ev.data &&
      last.time === time &&
      last.eventType === ev.type
    ) {
      if (tracked !== undefined && last.timeRead) tracked.timeRead = true;
      picked.reason = last.reason;
      return last.transition as CompiledTransition<C, E, Env> | undefined;
    }
    const readBefore = tracked?.timeRead;
    if (tracked !== undefined) tracked.timeRead = false;
    const t = select(m, state, type, ctx, event, env);
    last.m = m;
    last.ctx = ctx;
    last.state = state;
    last.type = type;
    last.data = ev.data;
    last.time = time;
    last.eventType = ev.type;
    last.transition = t;
    last.reason = picked.reason;
    last.timeRead = tracked === undefined || tracked.timeRead;
    if (tracked !== undefined && readBefore === true) tracked.timeRead = true;
    return t;
  }
  return select<C, E, Env>(m, state, type, ctx, event, env);
}

/**
 * The engine's reused machine event (one per engine): `time` is an accessor that notes it was
 * read, so the engine knows whether a step's outcome depended on the event's time (an accepted
 * event that changed nothing and read no time is decided the same at any later time: see the
 * Engine's no-op memo). Guards and actions read it as any MachineEvent.
 * @internal
 */
export class TrackedEvent {
  type = '';
  data: unknown = undefined;
  /** The time, ms, without noting a read. */
  at = 0;
  /** Whether `time` was read since the engine last cleared it. */
  timeRead = false;

  get time(): number {
    this.timeRead = true;
    return this.at;
  }
}

// The last selection made without an environment, keyed by everything its guards can read.
const last: {
  m: unknown;
  ctx: unknown;
  state: string;
  type: string;
  data: unknown;
  time: unknown;
  eventType: unknown;
  transition: unknown;
  reason: Refusal | undefined;
  /** Whether selecting `transition` read the event's time. */
  timeRead: boolean;
} = {
  m: undefined,
  ctx: undefined,
  state: '',
  type: '',
  data: undefined,
  time: undefined,
  eventType: undefined,
  transition: undefined,
  reason: undefined,
  timeRead: true,
};

function select<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  type: string,
  ctx: C,
  event: E,
  env: Env,
): CompiledTransition<C, E, Env> | undefined {
  const candidates = m.on.get(state)?.get(type);
  let reason: Refusal | undefined;
  if (candidates !== undefined)
    for (let i = 0; i < candidates.length; i++) {
      const t = candidates[i]!;
      if (t.guard === undefined) return t;
      const why = t.guard(ctx, event, env);
      if (why === undefined) return t;
      // The last candidate is the general case (earlier ones are special branches), so its
      // refusal is the one that explains the event to a user.
      reason = why;
    }
  picked.reason = reason;
  return undefined;
}

/**
 * Runs a selected transition's actions; returns the next context. Pure.
 * @internal
 */
export function runTransition<C, E, Env>(t: CompiledTransition<C, E, Env>, ctx: C, event: E, env: Env): C {
  const actions = t.actions;
  let next = ctx;
  for (let i = 0; i < actions.length; i++) next = actions[i]!(next, event, env);
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
  const s = runStep(m, state, t, ctx, event, env);
  return { state: s, ctx: stepped.ctx as C };
}

// The context of the last `step` or `runEventless` (their state is the return value): read it at once.
const stepped: { ctx: unknown } = { ctx: undefined };

/**
 * {@link macrostep} without the result object: returns the final leaf; the final context is
 * {@link steppedCtx}. The replay path.
 * @internal
 */
export function runStep<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  t: CompiledTransition<C, E, Env>,
  ctx: C,
  event: E,
  env: Env,
): string {
  return runEventless(m, t.target ?? state, runTransition(t, ctx, event, env), event, env);
}

/**
 * The context the last {@link runStep} or {@link runEventless} ended with.
 * @internal
 */
export function steppedCtx<C>(): C {
  return stepped.ctx as C;
}

/**
 * Takes every enabled eventless transition from `state` (XState resolves them after each
 * transition and when an actor starts): returns the final leaf; the final context is
 * {@link steppedCtx}.
 * @internal
 */
export function runEventless<C, E, Env>(
  m: CompiledMachine<C, E, Env>,
  state: string,
  ctx: C,
  event: E,
  env: Env,
): string {
  let s = state;
  let c = ctx;
  for (let guard = 0; guard < 16; guard++) {
    const list = m.always.get(s);
    if (list === undefined) break;
    let taken: CompiledTransition<C, E, Env> | undefined;
    for (let i = 0; i < list.length; i++) {
      const a = list[i]!;
      if (a.guard === undefined || a.guard(c, event, env) === undefined) {
        taken = a;
        break;
      }
    }
    if (taken === undefined) break;
    const next = runTransition(taken, c, event, env);
    const target = taken.target ?? s;
    // XState's macrostep selects the eventless transitions again only after a microstep that
    // changed its snapshot: the configuration or the context.
    if (target === s && next === c) break;
    s = target;
    c = next;
  }
  stepped.ctx = c;
  return s;
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
