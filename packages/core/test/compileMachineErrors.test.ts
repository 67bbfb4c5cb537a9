// compileMachine (machines/compile.ts) flattens a statechart into the table replay runs. A chart it
// cannot run the same way XState does must fail at compile time with a message that says what to
// change, not compile into a table that decides differently (equivalence.prop checks the charts
// it accepts).

import { describe, expect, it } from 'vitest';
import { and, assign, createMachine, initialTransition, setup, stateIn, transition } from 'xstate';
import {
  compileMachine,
  type Rule,
  runEventless,
  runStep,
  type StateValueLike,
  stateKey,
  stateValueOf,
  steppedCtx,
  toXStateGuards,
  type Update,
} from '../src/machines/compile.js';
import { refuse } from '../src/machines/refusal.js';

const ok = () => undefined;
const keep = <C>(c: C) => c;
const rules = { guards: { ready: ok, other: ok }, actions: { start: keep } };

describe('compileMachine refuses charts its table cannot run', () => {
  it('an inline (unnamed) guard function: guards must be named through setup({ guards })', () => {
    const m = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { guard: () => true, target: 'b' } } }, b: {} },
    });
    expect(() => compileMachine(m, rules)).toThrow(
      'compileMachine: guards must be named (setup({ guards })) so the compiled table can run them',
    );
  });

  it('a guard or an action the rules do not have, named in the message', () => {
    const guarded = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { guard: 'missing', target: 'b' } } }, b: {} },
    });
    expect(() => compileMachine(guarded, rules)).toThrow('compileMachine: unknown guard "missing"');
    const acting = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { actions: 'vanished', target: 'b' } } }, b: {} },
    });
    expect(() => compileMachine(acting, rules)).toThrow('compileMachine: unknown action "vanished"');
  });

  it('stateIn without a state id (#…), and and() with two named guards', () => {
    const byValue = createMachine({
      type: 'parallel',
      states: {
        r: { initial: 'x', states: { x: { on: { GO: { guard: stateIn('y'), target: 'y' } } }, y: {} } },
        s: { initial: 'p', states: { p: {} } },
      },
    });
    expect(() => compileMachine(byValue, rules)).toThrow(
      'compileMachine: stateIn needs a state id (#…), not "y"',
    );
    const byObject = createMachine({
      type: 'parallel',
      states: {
        r: {
          initial: 'x',
          states: { x: { on: { GO: { guard: stateIn({ s: 'p' }), target: 'y' } } }, y: {} },
        },
        s: { initial: 'p', states: { p: {} } },
      },
    });
    expect(() => compileMachine(byObject, rules)).toThrow(
      'compileMachine: stateIn needs a state id (#…), not {"s":"p"}',
    );
    const twoRules = createMachine({
      initial: 'a',
      states: { a: { on: { GO: { guard: and(['ready', 'other']), target: 'b' } } }, b: {} },
    });
    expect(() => compileMachine(twoRules, rules)).toThrow(
      'compileMachine: and() takes at most one named guard',
    );
  });

  it('a transition with two targets, and one whose domain would be a parallel state', () => {
    const twoTargets = createMachine({
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          states: {
            r: { initial: 'x', states: { x: { on: { GO: { target: ['#y', '#q'] } } }, y: { id: 'y' } } },
            s: { initial: 'p1', states: { p1: {}, q: { id: 'q' } } },
          },
        },
      },
    });
    expect(() => compileMachine(twoTargets, rules)).toThrow('compileMachine: one target per transition');
    const acrossRegions = createMachine({
      type: 'parallel',
      states: {
        r: { initial: 'x', states: { x: { on: { GO: { target: '#q' } } } } },
        s: { initial: 'p', states: { p: {}, q: { id: 'q' } } },
      },
    });
    expect(() => compileMachine(acrossRegions, rules)).toThrow(
      'compileMachine: unsupported transition r.x → s.q',
    );
    // XState's domain is then the parallel state itself (its own transition to a descendant).
    const fromParallel = createMachine({
      initial: 'p',
      states: {
        p: {
          type: 'parallel',
          on: { GO: '.r.y' },
          states: {
            r: { initial: 'x', states: { x: {}, y: {} } },
            s: { initial: 'q', states: { q: {} } },
          },
        },
      },
    });
    expect(() => compileMachine(fromParallel, rules)).toThrow(
      'compileMachine: unsupported transition p → p.r.y',
    );
  });
});

describe('compileMachine resolves the guard forms the charts use', () => {
  it('a guard written as an object ({ type }) runs the rule of that name', () => {
    const m = setup({ guards: { ready: () => true } }).createMachine({
      initial: 'a',
      states: { a: { on: { GO: { guard: { type: 'ready' }, target: 'b' } } }, b: {} },
    });
    const [t] = compileMachine(m, rules).on.get('a')!.get('GO')!;
    expect(t).toEqual({ guard: ok, target: 'b', actions: [] });
  });

  it("and([stateIn('#id'), rule]) keeps the rule where the other region is in that state, and drops the transition elsewhere", () => {
    const m = setup({ guards: { ready: () => true } }).createMachine({
      type: 'parallel',
      states: {
        r: {
          initial: 'x',
          states: { x: { on: { GO: { guard: and([stateIn('#q'), 'ready']), target: 'y' } } }, y: {} },
        },
        s: { initial: 'p', states: { p: { on: { SWITCH: 'q' } }, q: { id: 'q' } } },
      },
    });
    const table = compileMachine(m, rules);
    expect(table.on.get('r.x | s.q')!.get('GO')).toEqual([{ guard: ok, target: 'r.y | s.q', actions: [] }]);
    expect(table.on.get('r.x | s.p')!.get('GO')).toEqual([]);
    // The named rule may come first.
    const ruleFirst = setup({ guards: { ready: () => true } }).createMachine({
      type: 'parallel',
      states: {
        r: {
          initial: 'x',
          states: { x: { on: { GO: { guard: and(['ready', stateIn('#q')]), target: 'y' } } }, y: {} },
        },
        s: { initial: 'q', states: { q: { id: 'q' } } },
      },
    });
    expect(compileMachine(ruleFirst, rules).on.get('r.x | s.q')!.get('GO')).toEqual([
      { guard: ok, target: 'r.y | s.q', actions: [] },
    ]);
  });

  it("an eventless transition guarded by stateIn('#id') exists only in the configurations where it may be taken", () => {
    const m = setup({}).createMachine({
      type: 'parallel',
      states: {
        r: { initial: 'x', states: { x: { always: { guard: stateIn('#q'), target: 'y' } }, y: {} } },
        s: { initial: 'p', states: { p: { on: { SWITCH: 'q' } }, q: { id: 'q' } } },
      },
    });
    const table = compileMachine(m, rules);
    expect(table.always.get('r.x | s.p')).toBeUndefined();
    expect(table.always.get('r.x | s.q')).toEqual([{ guard: undefined, target: 'r.y | s.q', actions: [] }]);
  });

  it('an action written as an object ({ type }) runs the action of that name', () => {
    const m = setup({ actions: { start: () => {} } }).createMachine({
      initial: 'a',
      states: { a: { on: { GO: { actions: { type: 'start' }, target: 'b' } } }, b: {} },
    });
    expect(compileMachine(m, rules).on.get('a')!.get('GO')).toEqual([
      { guard: undefined, target: 'b', actions: [keep] },
    ]);
  });
});

describe('compileMachine takes the transitions XState takes, on a chart with a parallel state', () => {
  // `on` has two regions; r's own transition to its child (DEEP) or to itself (RESET: r starts
  // again from its initial state) keeps region s, a transition
  // from r.b to s.y (ACROSS) leaves and re-enters `on` (XState's domain is never a parallel
  // state), OFF/ON leave and re-enter the whole parallel state.
  const chart = setup({}).createMachine({
    id: 'm',
    initial: 'on',
    states: {
      on: {
        type: 'parallel',
        on: { OFF: '#m.off' },
        states: {
          r: {
            initial: 'a',
            on: { DEEP: '.b', RESET: 'r' },
            states: { a: { on: { NEXT: 'b' } }, b: { on: { ACROSS: '#m.on.s.y', STAY: 'b' } } },
          },
          s: { initial: 'x', states: { x: { on: { FLIP: 'y' } }, y: { on: { FLIP: 'x' } } } },
        },
      },
      off: { on: { ON: 'on' } },
    },
  });
  // Compiled inside each test, not while the file is collected: Stryker's per-test coverage then
  // runs these tests against compileMachine's mutants.
  const compiled = () => compileMachine(chart, { guards: {}, actions: {} });
  const events = ['OFF', 'ON', 'DEEP', 'RESET', 'NEXT', 'ACROSS', 'STAY', 'FLIP'];

  it('lists every configuration and the initial one by stateKey', () => {
    const table = compiled();
    expect(table.initial).toBe('on.r.a | on.s.x');
    expect(table.leaves).toEqual([
      'on.r.a | on.s.x',
      'on.r.a | on.s.y',
      'on.r.b | on.s.x',
      'on.r.b | on.s.y',
      'off',
    ]);
  });

  it('from every configuration, each event leads where XState’s transition() leads (or nowhere in both)', () => {
    const table = compiled();
    for (const config of table.leaves) {
      for (const type of events) {
        const [next] = transition(chart, chart.resolveState({ value: stateValueOf(config) }), { type });
        const expected = stateKey(next.value as StateValueLike);
        const t = table.on.get(config)?.get(type)?.[0];
        expect(`${config} ${type} → ${t === undefined ? config : (t.target ?? config)}`).toBe(
          `${config} ${type} → ${expected}`,
        );
      }
    }
  });

  it('stateValueOf is the inverse of stateKey, for one atomic state and for regions', () => {
    const table = compiled();
    for (const config of table.leaves) expect(stateKey(stateValueOf(config))).toBe(config);
    expect(stateValueOf('off')).toBe('off');
    expect(stateValueOf('on.r.b | on.s.y')).toEqual({ on: { r: 'b', s: 'y' } });
    expect(stateValueOf('sandbox.creating')).toEqual({ sandbox: 'creating' });
  });
});

describe('compileMachine runs eventless (always) transitions as XState does after each event and at the start', () => {
  // A retry loop: `trying` counts attempts with a targetless eventless transition until its guard
  // refuses (a microstep that changed the context: XState selects the eventless transitions
  // again), then leaves by an unguarded one; `idle` re-enters itself without a change (XState
  // stops: the snapshot is the same), `chain` passes through two states at once.
  type Ctx = { tries: number; log: string[] };
  type Ev = { type: string };
  const no = refuse('invalid_data', 'test', 'no');
  const guards: Record<string, Rule<Ctx, Ev, undefined>> = {
    belowThree: (c) => (c.tries < 3 ? undefined : no),
    never: () => no,
    always: () => undefined,
  };
  const actions: Record<string, Update<Ctx, Ev, undefined>> = {
    retry: (c) => ({ ...c, tries: c.tries + 1, log: [...c.log, 'retry'] }),
    note: (c) => ({ ...c, log: [...c.log, 'note'] }),
  };
  const chart = setup({
    types: { context: {} as Ctx, events: {} as Ev },
    guards: toXStateGuards(guards, ({ context }: { context: Ctx; event: Ev }) => [context, undefined]),
    actions: Object.fromEntries(
      Object.entries(actions).map(([k, f]) => [
        k,
        assign(({ context, event }) => f(context, event, undefined)),
      ]),
    ) as Record<string, ReturnType<typeof assign<Ctx, Ev, undefined, Ev, never>>>,
  }).createMachine({
    id: 'e',
    initial: 'chain',
    context: { tries: 0, log: [] },
    states: {
      chain: { always: { target: 'idle', actions: 'note' } },
      idle: {
        always: [
          { guard: 'never', target: 'done' },
          { guard: 'always', target: 'idle' },
        ],
        on: { TRY: 'trying' },
      },
      trying: {
        always: [
          { guard: 'belowThree', actions: 'retry' },
          { target: 'done', actions: 'note' },
        ],
      },
      done: { on: { AGAIN: 'idle' } },
    },
  });
  const table = () => compileMachine<Ctx, Ev, undefined>(chart, { guards, actions });

  it('at the start: an unguarded eventless transition is taken with its action (chain → idle), and a self-transition that changes nothing ends the step', () => {
    const m = table();
    const start: Ctx = { tries: 0, log: [] };
    const state = runEventless(m, m.initial, start, { type: 'xstate.init' }, undefined);
    const [snap] = initialTransition(chart);
    expect({ state, ctx: steppedCtx<Ctx>() }).toEqual({
      state: stateKey(snap.value as StateValueLike),
      ctx: snap.context,
    });
    expect(state).toBe('idle');
    expect(steppedCtx<Ctx>().log).toEqual(['note']);
  });

  it('after an event: a targetless eventless transition that changed the context is followed by the next enabled one, as XState’s transition() gives', () => {
    const m = table();
    const [idle] = initialTransition(chart);
    const [xs] = transition(chart, idle, { type: 'TRY' });
    const t = m.on.get('idle')!.get('TRY')![0]!;
    const state = runStep(m, 'idle', t, idle.context, { type: 'TRY' }, undefined);
    expect({ state, ctx: steppedCtx<Ctx>() }).toEqual({
      state: stateKey(xs.value as StateValueLike),
      ctx: xs.context,
    });
    expect(state).toBe('done');
    expect(steppedCtx<Ctx>()).toEqual({ tries: 3, log: ['note', 'retry', 'retry', 'retry', 'note'] });
  });
});
