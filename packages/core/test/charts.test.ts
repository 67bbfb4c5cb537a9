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
  it('lists the container machine states with their nesting, initial children and parallel regions', () => {
    const chart = toChartJSON(containerMachine);
    expect(chart.id).toBe('container');
    expect(chart.initial).toBe('waiting');
    expect(chart.states.map((s) => [s.id, s.type, s.parent ?? '-'])).toEqual([
      ['waiting', 'compound', '-'],
      ['waiting.forTurn', 'atomic', 'waiting'],
      ['waiting.invalidImageName', 'atomic', 'waiting'],
      ['waiting.pullingImage', 'atomic', 'waiting'],
      ['waiting.errImagePull', 'atomic', 'waiting'],
      ['waiting.imagePullBackOff', 'atomic', 'waiting'],
      ['waiting.imagePulled', 'atomic', 'waiting'],
      ['waiting.errImageNeverPull', 'atomic', 'waiting'],
      ['waiting.createContainerConfigError', 'atomic', 'waiting'],
      ['waiting.created', 'atomic', 'waiting'],
      ['running', 'compound', '-'],
      ['running.postStart', 'atomic', 'running'],
      ['running.up', 'parallel', 'running'],
      ['running.up.startup', 'compound', 'running.up'],
      ['running.up.startup.pending', 'atomic', 'running.up.startup'],
      ['running.up.startup.passed', 'atomic', 'running.up.startup'],
      ['running.up.readiness', 'compound', 'running.up'],
      ['running.up.readiness.unknown', 'atomic', 'running.up.readiness'],
      ['running.up.readiness.ready', 'atomic', 'running.up.readiness'],
      ['running.up.readiness.notReady', 'atomic', 'running.up.readiness'],
      ['running.stopping', 'parallel', 'running'],
      ['running.stopping.kill', 'compound', 'running.stopping'],
      ['running.stopping.kill.preStop', 'atomic', 'running.stopping.kill'],
      ['running.stopping.kill.sigtermSent', 'atomic', 'running.stopping.kill'],
      ['running.stopping.startup', 'compound', 'running.stopping'],
      ['running.stopping.startup.pending', 'atomic', 'running.stopping.startup'],
      ['running.stopping.startup.passed', 'atomic', 'running.stopping.startup'],
      ['running.stopping.readiness', 'compound', 'running.stopping'],
      ['running.stopping.readiness.unknown', 'atomic', 'running.stopping.readiness'],
      ['running.stopping.readiness.ready', 'atomic', 'running.stopping.readiness'],
      ['running.stopping.readiness.notReady', 'atomic', 'running.stopping.readiness'],
      ['terminated', 'compound', '-'],
      ['terminated.exited', 'atomic', 'terminated'],
      ['terminated.crashLoopBackOff', 'atomic', 'terminated'],
      ['terminated.pullingImage', 'atomic', 'terminated'],
      ['terminated.errImagePull', 'atomic', 'terminated'],
      ['terminated.imagePullBackOff', 'atomic', 'terminated'],
      ['terminated.imagePulled', 'atomic', 'terminated'],
      ['terminated.errImageNeverPull', 'atomic', 'terminated'],
      ['terminated.createContainerConfigError', 'atomic', 'terminated'],
      ['terminated.created', 'atomic', 'terminated'],
    ]);
    expect(chart.states.find((s) => s.id === 'running')?.initial).toBe('running.up');
    expect(chart.states.find((s) => s.id === 'waiting')?.initial).toBe('waiting.forTurn');
    // Every state, regions and their parents included, explains itself with the upstream function
    // that decides it (podstate chart -o json prints these descriptions).
    for (const s of chart.states) expect(s.description, s.id).toMatch(/\b(?:[A-Z][a-z]+|[a-z]+)[A-Z]\w*/);
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
    expect(chart.transitions.filter((t) => t.event === 'container.prestop.completed')).toEqual([
      {
        source: 'running.stopping.kill.preStop',
        target: 'running.stopping.kill.sigtermSent',
        event: 'container.prestop.completed',
        actions: [],
      },
      {
        source: 'running.stopping.kill.sigtermSent',
        event: 'container.prestop.completed',
        guard: 'preStopPending',
        actions: [],
      },
    ]);
    // killContainer: a liveness kill and the Pod's deletion keep the readiness the container had;
    // the readiness region's kill depends on the startup region (stateIn, decided per configuration).
    expect(
      chart.transitions.filter(
        (t) => t.source === 'running.up.readiness.notReady' && t.target?.startsWith('running.stopping'),
      ),
    ).toEqual([
      {
        source: 'running.up.readiness.notReady',
        target: 'running.stopping.readiness.notReady',
        event: 'container.probe.failed',
        guard: 'in running.up.startup.passed && livenessProbeKills',
        actions: ['probeKill'],
      },
      {
        source: 'running.up.readiness.notReady',
        target: 'running.stopping.readiness.notReady',
        event: 'pod.deletion.requested',
        guard: 'in running.up.startup.passed',
        actions: ['stopForDeletion'],
      },
    ]);
  });

  it('names the Pod chart states a Kubernetes user tells apart, each with its upstream function (scheduleOne, computePodActions, computeInitContainerActions, SyncTerminatingPod, getPhase)', () => {
    const chart = toChartJSON(podMachine);
    expect(chart.states.map((s) => s.id)).toEqual([
      'scheduling',
      'scheduling.gated',
      'scheduling.queued',
      'scheduling.unschedulable',
      'sandbox',
      'sandbox.creating',
      'sandbox.creationFailed',
      'sandbox.recreating',
      'containers',
      'containers.initializing',
      'containers.startingSidecars',
      'containers.startingApps',
      'containers.running',
      'terminating',
      'terminating.stoppingContainers',
      'terminating.awaitingRemoval',
      'finished',
      'finished.succeeded',
      'finished.failed',
      'removed',
    ]);
    expect(chart.states.find((s) => s.id === 'removed')?.type).toBe('final');
    // Every state says what it is and which upstream function decides it.
    for (const s of chart.states)
      expect(s.description, s.id).toMatch(/[A-Z]\w+[a-z][A-Z]\w*|getPhase|scheduleOne/);
    expect(
      chart.transitions.filter((t) => t.event === null).map((t) => [t.source, t.target, t.guard]),
    ).toEqual([
      ['scheduling.gated', 'scheduling.queued', 'ungated'],
      ['containers', 'finished.succeeded', 'doneSucceeded'],
      ['containers', 'finished.failed', 'podDone'],
      ['containers.initializing', 'containers.startingSidecars', 'sidecarInTurn'],
      ['containers.initializing', 'containers.startingApps', 'appsMayStart'],
      ['containers.startingSidecars', 'containers.initializing', 'initContainerInTurn'],
      ['containers.startingSidecars', 'containers.startingApps', 'appsMayStart'],
      ['containers.startingApps', 'containers.running', 'appStarted'],
      ['containers.startingApps', 'containers.startingSidecars', 'sidecarInTurn'],
      ['terminating.stoppingContainers', 'terminating.awaitingRemoval', 'stoppedOnNode'],
    ]);
  });

  it.each([
    ['pod', podMachine, compiledPodMachine],
    ['container', containerMachine, compiledContainerMachine],
  ] as const)(
    'agrees with the compiled %s table the engine runs: every atomic state in some configuration, same events per configuration',
    (_n, machine, compiled) => {
      const chart = toChartJSON(machine);
      const atomic = chart.states.filter((s) => s.type === 'atomic' || s.type === 'final').map((s) => s.id);
      const inConfigs = compiled.leaves.flatMap((k) => k.split(' | '));
      expect([...new Set(inConfigs)].sort()).toEqual([...atomic].sort());
      for (const config of compiled.leaves) {
        const events = new Set(config.split(' | ').flatMap((leaf) => eventsOfLeaf(chart, leaf)));
        expect([...events].sort()).toEqual([...(compiled.on.get(config)?.keys() ?? [])].sort());
      }
    },
  );

  it('the container table holds one configuration per combination of the running regions (2 × 3)', () => {
    const up = compiledContainerMachine.leaves.filter((k) => k.startsWith('running.up'));
    expect(up).toEqual([
      'running.up.startup.pending | running.up.readiness.unknown',
      'running.up.startup.pending | running.up.readiness.ready',
      'running.up.startup.pending | running.up.readiness.notReady',
      'running.up.startup.passed | running.up.readiness.unknown',
      'running.up.startup.passed | running.up.readiness.ready',
      'running.up.startup.passed | running.up.readiness.notReady',
    ]);
  });

  it('names only catalogue event types, and the five sync outcomes the Pod machine sends its containers', () => {
    // ContainerSyncEvent: SyncPod → startContainer → EnsureImageExists, then generateContainerConfig; never a log event.
    const sync = [
      'sync.image.invalid',
      'sync.image.neverPull',
      'sync.image.resolved',
      'sync.config.failed',
      'sync.config.resolved',
    ];
    for (const t of toChartJSON(podMachine).transitions)
      if (t.event !== null) expect(EVENT_TYPES).toContain(t.event);
    for (const t of toChartJSON(containerMachine).transitions)
      if (t.event !== null) expect([...EVENT_TYPES, ...sync]).toContain(t.event);
    expect(sync.filter((t) => (EVENT_TYPES as readonly string[]).includes(t))).toEqual([]);
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
  it('renders the container machine with composite states, parallel regions and self-loops', () => {
    const text = toMermaid(containerMachine);
    const lines = text.split('\n');
    expect(lines[0]).toBe('stateDiagram-v2');
    expect(text).toContain(
      [
        '  state running {',
        '    state "postStart" as running_postStart',
        '    state "up" as running_up',
        '    state running_up {',
        '      state "startup" as running_up_startup',
        '      state running_up_startup {',
      ].join('\n'),
    );
    // The two regions of running.up are Mermaid's concurrent regions.
    expect(text).toContain(
      ['      }', '      --', '      state "readiness" as running_up_readiness'].join('\n'),
    );
    expect(lines).toContain('  [*] --> waiting');
    expect(lines).toContain('    [*] --> waiting_forTurn');
    expect(lines).toContain('  running --> terminated : container.exited');
    expect(lines).toContain('    waiting_created --> waiting_created : container.image.pulled [pullAllowed]');
    expect(lines).toContain('  terminated --> running_up : container.started [restartAllowed]');
    expect(lines).toContain(
      '    terminated_exited --> terminated_crashLoopBackOff : always [restartInBackOff]',
    );
  });

  it('writes eventless transitions as always [guard] and final states as an arrow to [*]', () => {
    const lines = toMermaid(podMachine).split('\n');
    expect(lines).toContain('  containers --> finished_failed : always [podDone]');
    expect(lines).toContain('  removed --> [*]');
    // One arrow per transition, plus [*] into the chart, into each compound state, and out of removed.
    const chart = toChartJSON(podMachine);
    expect(lines.filter((l) => l.includes('-->')).length).toBe(
      chart.transitions.length + 2 + chart.states.filter((s) => s.type === 'compound').length,
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
