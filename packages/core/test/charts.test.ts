import {
  compiledContainerMachine,
  compiledPodMachine,
  containerMachine,
  EVENT_TYPES,
  podMachine,
} from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { createMachine } from 'xstate';
import { type ChartJSON, toChartJSON, toDot, toMermaid } from '../src/charts/index.js';

/** Event types a leaf reacts to, read from the chart by walking up its ancestors. */
function eventsOfLeaf(chart: ChartJSON, leaf: string): string[] {
  const out = new Set<string>();
  for (
    let id: string | undefined = leaf;
    id !== undefined;
    id = chart.states.find((s) => s.id === id)?.parent
  ) {
    for (const t of chart.transitions) if (t.source === id && t.event !== null) out.add(t.event);
  }
  return [...out].sort();
}

describe('toChartJSON', () => {
  it('lists the container machine states with their nesting and initial children', () => {
    const chart = toChartJSON(containerMachine);
    expect(chart.id).toBe('container');
    expect(chart.initial).toBe('waiting');
    expect(chart.states.map((s) => [s.id, s.type, s.parent ?? '-'])).toEqual([
      ['waiting', 'atomic', '-'],
      ['running', 'compound', '-'],
      ['running.postStart', 'atomic', 'running'],
      ['running.up', 'atomic', 'running'],
      ['running.stopping', 'atomic', 'running'],
      ['terminated', 'atomic', '-'],
    ]);
    expect(chart.states.find((s) => s.id === 'running')?.initial).toBe('running.up');
  });

  it('keeps guard and action names, and leaves targetless transitions without a target', () => {
    const chart = toChartJSON(containerMachine);
    expect(
      chart.transitions.filter((t) => t.source === 'waiting' && t.event === 'container.started'),
    ).toEqual([
      {
        source: 'waiting',
        target: 'running.postStart',
        event: 'container.started',
        guard: 'hasPostStart',
        actions: ['start'],
      },
      { source: 'waiting', target: 'running.up', event: 'container.started', actions: ['start'] },
    ]);
    expect(chart.transitions.find((t) => t.event === 'container.prestop.completed')).toEqual({
      source: 'running',
      event: 'container.prestop.completed',
      guard: 'preStopPending',
      actions: ['preStopDone'],
    });
  });

  it('shows the Pod machine eventless transitions and its final state', () => {
    const chart = toChartJSON(podMachine);
    expect(chart.states.map((s) => s.id)).toEqual([
      'schedulingGated',
      'unscheduled',
      'scheduled',
      'active',
      'terminating',
      'finished',
      'removed',
    ]);
    expect(chart.states.find((s) => s.id === 'removed')?.type).toBe('final');
    expect(
      chart.transitions.filter((t) => t.event === null).map((t) => [t.source, t.target, t.guard]),
    ).toEqual([
      ['schedulingGated', 'unscheduled', 'ungated'],
      ['active', 'finished', 'podDone'],
      ['terminating', 'finished', 'stoppedOnNode'],
    ]);
  });

  it.each([
    ['pod', podMachine, compiledPodMachine],
    ['container', containerMachine, compiledContainerMachine],
  ] as const)(
    'agrees with the compiled %s table the engine runs: same leaves, same events per leaf',
    (_n, machine, compiled) => {
      const chart = toChartJSON(machine);
      const leaves = chart.states.filter((s) => s.type !== 'compound').map((s) => s.id);
      expect(leaves).toEqual(compiled.leaves);
      for (const leaf of leaves)
        expect(eventsOfLeaf(chart, leaf)).toEqual([...(compiled.on.get(leaf)?.keys() ?? [])].sort());
    },
  );

  it('names only catalogue event types', () => {
    for (const m of [podMachine, containerMachine]) {
      for (const t of toChartJSON(m).transitions)
        if (t.event !== null) expect(EVENT_TYPES).toContain(t.event);
    }
  });
});

// A small machine with an edge into a compound state and inline (unnamed) implementations.
const toy = createMachine({
  id: 'toy',
  initial: 'off',
  states: {
    off: {
      on: {
        'toy.on': {
          target: 'on',
          guard: function powered() {
            return true;
          },
        },
      },
    },
    on: {
      initial: 'low',
      states: { low: { on: { 'toy.up': 'high' } }, high: {} },
      on: { 'toy.off': 'off', 'toy.break': 'broken' },
    },
    broken: { type: 'final' },
  },
});

describe('toMermaid', () => {
  it('renders the container machine with a composite running state and self-loops', () => {
    const text = toMermaid(containerMachine);
    const lines = text.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(text).toContain(
      [
        '  state running {',
        '    state "postStart" as running_postStart',
        '    state "up" as running_up',
        '    state "stopping" as running_stopping',
        '    [*] --> running_up',
        '    running_postStart --> running_up : container.poststart.succeeded',
      ].join('\n'),
    );
    expect(lines).toContain('  [*] --> waiting');
    expect(lines).toContain('  running --> terminated : container.exited');
    expect(lines).toContain('  waiting --> waiting : container.created [notCreated]');
    expect(lines).toContain('  terminated --> running_up : container.started [restartAllowed]');
  });

  it('writes eventless transitions as always [guard] and final states as an arrow to [*]', () => {
    const lines = toMermaid(podMachine).split('\n');
    expect(lines).toContain('  active --> finished : always [podDone]');
    expect(lines).toContain('  removed --> [*]');
    expect(lines.filter((l) => l.includes('-->')).length).toBe(
      toChartJSON(podMachine).transitions.length + 2,
    );
  });

  it('names inline guards by their function name and nests edges inside their composite', () => {
    const text = toMermaid(toy);
    expect(text).toContain('off --> on : toy.on [powered]');
    expect(text).toContain('    on_low --> on_high : toy.up');
    expect(text).toContain('  on --> broken : toy.break');
  });
});

describe('toDot', () => {
  it('draws compound states as clusters and clips edges at their border', () => {
    const text = toDot(toy);
    expect(text.startsWith('digraph "toy" {\n  compound=true;')).toBe(true);
    expect(text).toContain('subgraph "cluster_on" {');
    expect(text).toContain('"off" -> "on.__initial" [label="toy.on [powered]", lhead="cluster_on"];');
    expect(text).toContain('"on.__initial" -> "broken" [label="toy.break", ltail="cluster_on"];');
    expect(text).toContain('"broken" [label="broken", shape=doublecircle];');
  });

  it('has one edge per transition of the Pod machine', () => {
    const edges = toDot(podMachine)
      .split('\n')
      .filter((l) => l.includes('[label=') && l.includes('->'));
    expect(edges.length).toBe(toChartJSON(podMachine).transitions.length);
  });
});
