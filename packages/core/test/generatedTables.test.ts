// The engine replays the precompiled tables of machines/generated/tables.ts, not the XState charts:
// these tests hold that file to what compileMachine makes of the charts today.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  compiledContainerMachine,
  compiledPodMachine,
  compileMachine,
  containerMachine,
  containerRules,
  podMachine,
} from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { containerTable, podTable } from '../src/machines/generated/tables.js';
import { podMachineRules } from '../src/machines/machineRules.js';
import { tableModuleSource, tableSource } from '../src/machines/tableSource.js';

const FILE = new URL('../src/machines/generated/tables.ts', import.meta.url);

describe('machines/generated/tables.ts (the precompiled Pod and container tables)', () => {
  it('is what the generator writes from the charts today (else: npm run gen)', () => {
    const expected = tableSource();
    const actual = readFileSync(FILE, 'utf8');
    if (actual !== expected)
      console.error(
        'packages/core/src/machines/generated/tables.ts is stale (a chart, a rule name or compileMachine changed).\n' +
          'Run: npm run gen   (builds, then node scripts/gen-tables.mjs)',
      );
    expect(actual).toBe(expected);
  });

  it('the freshness check catches a table that lost a transition', () => {
    const actual = readFileSync(FILE, 'utf8');
    const edited = actual.replace(/\n\s*\["pod\.scheduled", \[[^\n]*\]\],/, '');
    expect(edited).not.toBe(actual);
    expect(edited).not.toBe(tableSource());
  });

  it.each([
    ['pod', () => compiledPodMachine, () => compileMachine(podMachine, podMachineRules)],
    ['container', () => compiledContainerMachine, () => compileMachine(containerMachine, containerRules)],
  ] as const)(
    'the %s table the engine runs equals compileMachine of its XState chart, same guard and action functions',
    (_name, loaded, compiled) => {
      expect(loaded()).toStrictEqual(compiled());
    },
  );

  it('the equality check catches a table whose transition runs another action', () => {
    const swapped = { ...podMachineRules.actions, bind: podMachineRules.actions.setGate };
    expect(podTable({ guards: podMachineRules.guards, actions: swapped })).not.toStrictEqual(
      compileMachine(podMachine, podMachineRules),
    );
    expect(containerTable(containerRules)).toStrictEqual(compileMachine(containerMachine, containerRules));
  });

  it('a name the rules no longer have loads, and fails with the fix when run', () => {
    const { bind: _gone, ...rest } = podMachineRules.actions;
    const table = podTable({
      guards: podMachineRules.guards,
      actions: rest as typeof podMachineRules.actions,
    });
    const t = table.on.get('scheduling.queued')?.get('pod.scheduled')?.[0];
    expect(() => t?.actions[0]?.(undefined as never, undefined as never, undefined as never)).toThrow(
      'the generated machine tables name the action "bind" the chart no longer has: run npm run gen',
    );
  });
});

describe('the table serialiser (machines/tableSource.ts) writes any shape compileMachine may return', () => {
  it('Maps, Sets, typed arrays, odd numbers, undefined fields, shared objects and named functions round-trip', async () => {
    const guards = { ready: () => undefined };
    const actions = { start: (c: unknown) => c, stop: (c: unknown) => c };
    const shared = { guard: guards.ready, target: undefined, actions: [actions.start] };
    const compiled = {
      initial: 'a',
      numbers: [0, -0, 1.5, -2, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY],
      index: new Int32Array([3, -1, 7]),
      flags: new Uint8Array([1, 0]),
      names: new Set(['x', 'y z', 'quote"d']),
      on: new Map<unknown, unknown>([
        ['a', new Map([['go', [shared, { guard: undefined, target: 'b', actions: [actions.stop] }]]])],
        ['b', new Map([['go', [shared]]])],
        [2, null],
      ]),
      'odd key': true,
      bare: Object.assign(Object.create(null), { k: 1 }),
    };
    const dir = mkdtempSync(join(tmpdir(), 'podstate-tables-'));
    try {
      const file = join(dir, 'tables.ts');
      writeFileSync(
        file,
        tableModuleSource([{ name: 't', what: 'test', compiled, rules: { guards, actions } }]),
      );
      const mod = (await import(/* @vite-ignore */ file)) as { t: (r: object) => typeof compiled };
      const back = mod.t({ guards, actions });
      expect(back).toStrictEqual(compiled);
      expect(Object.is(back.numbers[1], -0)).toBe(true);
      expect(Object.getPrototypeOf(back.bare)).toBe(null);
      // The object reached twice is one object again (written once, as a const).
      const a = (back.on.get('a') as Map<string, unknown[]>).get('go')![0];
      const b = (back.on.get('b') as Map<string, unknown[]>).get('go')![0];
      expect(a).toBe(b);
      expect((a as typeof shared).actions[0]).toBe(actions.start);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an object reached through a Set and through a field is one object again after the round trip', async () => {
    const rules = { guards: {}, actions: {} };
    const shared = { target: 'b' };
    const compiled = { members: new Set([shared]), first: shared };
    const dir = mkdtempSync(join(tmpdir(), 'podstate-tables-'));
    try {
      const file = join(dir, 'tables.ts');
      writeFileSync(file, tableModuleSource([{ name: 't', what: 'test', compiled, rules }]));
      const mod = (await import(/* @vite-ignore */ file)) as { t: (r: object) => typeof compiled };
      const back = mod.t(rules);
      expect(back).toStrictEqual(compiled);
      expect([...back.members][0]).toBe(back.first);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses a function that is none of the named rules, a cycle, a class instance and a bigint', () => {
    const rules = { guards: {}, actions: {} };
    expect(() =>
      tableModuleSource([{ name: 't', what: '', compiled: { f: () => undefined }, rules }]),
    ).toThrow(/none of the chart's named guards or actions/);
    const cyclic: { self?: unknown } = {};
    cyclic.self = cyclic;
    expect(() => tableModuleSource([{ name: 't', what: '', compiled: cyclic, rules }])).toThrow(/cyclic/);
    expect(() => tableModuleSource([{ name: 't', what: '', compiled: { at: new Date(0) }, rules }])).toThrow(
      'tableSource: cannot write a Date into the table',
    );
    expect(() => tableModuleSource([{ name: 't', what: '', compiled: { n: 1n }, rules }])).toThrow(
      'tableSource: cannot write a bigint into the table',
    );
  });
});
