// The table serialiser (machines/tableSource.ts) names what it cannot write, so a change to
// compileMachine's output that it does not know fails `npm run gen` with a message to act on.
import { describe, expect, it } from 'vitest';
import { tableModuleSource } from '../src/machines/tableSource.js';

const rules = { guards: {}, actions: {} };
const write = (compiled: unknown) => () => tableModuleSource([{ name: 't', what: '', compiled, rules }]);

describe('tableModuleSource refusals name the offending value', () => {
  it('a function without a name is called anonymous', () => {
    const [unnamed] = [() => undefined];
    expect(unnamed!.name).toBe('');
    expect(write({ f: unnamed })).toThrow(
      "tableSource: the compiled table holds a function that is none of the chart's named guards or actions (anonymous); only those can be written out",
    );
  });

  it('an object whose prototype has no constructor is called a class instance', () => {
    const orphan = Object.create(Object.create(null));
    expect(write({ orphan })).toThrow('tableSource: cannot write a class instance into the table');
  });
});

describe('tableModuleSource lays the module out for review (generated/tables.ts is checked in and diffed)', () => {
  it('one line per item when a list does not fit in 110 columns, objects reached twice as consts, Maps, Sets and typed arrays by constructor', () => {
    const guards = { ready: () => undefined };
    const actions = { start: (c: unknown) => c };
    const shared = {
      guard: guards.ready,
      actions: [actions.start],
      target: 'containers.startingSidecars | containers.other.region.with.a.long.name',
    };
    const compiled = {
      on: new Map<unknown, unknown>([
        ['a', [shared, shared]],
        ['b', []],
      ]),
      wide: new Map([
        [
          'containers.startingSidecars',
          [['a-fairly-long-state-name.with.a.child', 'another-fairly-long-state-name']],
        ],
      ]),
      tags: new Set(['x']),
      index: new Int8Array([1, -1]),
      big: Number.NEGATIVE_INFINITY,
      long: [
        'a-fairly-long-state-name.with.a.child',
        'another-fairly-long-state-name.with.a.child',
        'third.state',
        'fourth.state',
      ],
    };
    const src = tableModuleSource([
      { name: 't', what: 'a small table', compiled, rules: { guards, actions } },
    ]);
    expect(src.slice(src.indexOf('/** a small table */')).trimEnd()).toBe(
      [
        '/** a small table */',
        'export function t<C, E, Env>(rules: MachineRules<C, E, Env>): CompiledMachine<C, E, Env> {',
        "  const g = (name: string) => named(rules.guards, 'guard', name);",
        "  const a = (name: string) => named(rules.actions, 'action', name);",
        '  const s0 = {',
        '    guard: g("ready"),',
        '    actions: [a("start")],',
        '    target: "containers.startingSidecars | containers.other.region.with.a.long.name",',
        '  };',
        '  return {',
        '    on: new Map<unknown, unknown>([["a", [s0, s0]], ["b", []]]),',
        '    wide: new Map<unknown, unknown>([',
        '      [',
        '        "containers.startingSidecars",',
        '        [["a-fairly-long-state-name.with.a.child", "another-fairly-long-state-name"]],',
        '      ],',
        '    ]),',
        '    tags: new Set<unknown>(["x"]),',
        '    index: new Int8Array([1, -1]),',
        '    big: -Infinity,',
        '    long: [',
        '      "a-fairly-long-state-name.with.a.child",',
        '      "another-fairly-long-state-name.with.a.child",',
        '      "third.state",',
        '      "fourth.state",',
        '    ],',
        '  } as unknown as CompiledMachine<C, E, Env>;',
        '}',
      ].join('\n'),
    );
  });

  it('a Map key that does not fit on one line is laid out as deep as its value', () => {
    const key = {
      from: 'containers.startingSidecars | containers.other.region',
      to: 'containers.running | containers.other.region',
    };
    const src = tableModuleSource([
      {
        name: 't',
        what: 'keys',
        compiled: { byPair: new Map([[key, 1]]) },
        rules: { guards: {}, actions: {} },
      },
    ]);
    expect(src.slice(src.indexOf('  return {')).trimEnd()).toBe(
      [
        '  return {',
        '    byPair: new Map<unknown, unknown>([',
        '      [',
        '        {',
        '          from: "containers.startingSidecars | containers.other.region",',
        '          to: "containers.running | containers.other.region",',
        '        },',
        '        1,',
        '      ],',
        '    ]),',
        '  } as unknown as CompiledMachine<C, E, Env>;',
        '}',
      ].join('\n'),
    );
  });
});
