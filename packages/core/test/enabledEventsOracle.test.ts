// enabledEvents against an oracle, in every kind of Pod state a generator walks through (issue 17: its mutants
// survived because the property tests pass with other lifecycles). Per state: the exact events
// offered, and the generator's promise — every candidate of the representative set the engine
// accepts is offered, and every candidate not offered is refused.
import { createEngine, type Engine, type EventInput, enabledEvents } from '@podstate/core';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { podIPFor } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

function engineAfter(steps: Step[]): { engine: Engine; at: string } {
  const engine = createEngine();
  const events = toEvents(steps);
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  const last = Date.parse(events[events.length - 1]!.time);
  return { engine, at: new Date(last + 1000).toISOString() };
}

/** `type key=value …` (an array value comma-joined), one line per offered event. */
const show = (type: string, data: Record<string, unknown>) =>
  [type, ...Object.entries(data).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : v}`)].join(' ');

/** The representative set, written out independently of enabledEvents. */
function candidates(engine: Engine, uid: string): { type: string; data: Record<string, unknown> }[] {
  const pod = engine.pods.get(uid)!;
  const spec = pod.ctx.pod.spec;
  const out: { type: string; data: Record<string, unknown> }[] = [];
  const add = (type: string, data: Record<string, unknown> = {}) => out.push({ type, data });
  const nodes = [...engine.env.nodes.values()].filter((n) => !n.implicit).map((n) => n.name);
  for (const node of nodes.length > 0 ? nodes : ['node-1']) add('pod.scheduled', { node });
  add('pod.unschedulable', { message: '0/1 nodes are available' });
  const gate = spec.schedulingGates?.[0];
  if (gate !== undefined) add('pod.scheduling-gates.removed', { gates: [gate.name] });
  add('pod.sandbox.ready', { podIP: podIPFor(uid, pod.ctx.sandbox + 1) });
  add('pod.sandbox.failed', { message: 'failed to create pod sandbox' });
  add('pod.sandbox.died');
  for (const g of spec.readinessGates ?? []) {
    const now = pod.ctx.gates[g.conditionType]?.status;
    add('pod.readiness-gate.changed', {
      conditionType: g.conditionType,
      status: now === 'True' ? 'False' : 'True',
    });
  }
  add('pod.deletion.requested');
  add('pod.evicted', { reason: 'Evicted', message: 'The node was low on resource: memory.' });
  add('pod.evicted', { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' });
  add('pod.removed');
  for (const s of pod.ctx.containers) {
    const container = s.ctx.name;
    add('container.image.pulled', { container });
    add('container.image.pull.failed', { container, message: 'rpc error: code = NotFound' });
    add('container.started', { container });
    add('container.exited', { container, exitCode: 0 });
    add('container.exited', { container, exitCode: 1 });
    add('container.poststart.succeeded', { container });
    add('container.poststart.failed', { container, message: 'hook failed' });
    add('container.prestop.completed', { container });
    for (const probe of ['startup', 'readiness', 'liveness']) {
      add('container.probe.succeeded', { container, probe });
      add('container.probe.failed', { container, probe });
    }
  }
  return out;
}

const images = ['nginx:1.25', 'busybox:1.36', 'envoy:1.30', 'fluent-bit:3.0', 'python:3.12'];
const node1 = ev.nodeRegistered('node-1', { disktype: 'ssd' }, images);
const bare = ev.nodeRegistered('node-1', {}, []);

interface Case {
  name: string;
  steps: Step[];
  state: string;
  offered: string[];
}

const up = [node1, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
const sidecarsUp = [
  node1,
  ev.podCreated(m.sidecars),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup', 0),
  ev.started('proxy'),
  ev.probeOk('proxy', 'startup'),
  ev.started('logger'),
  ev.started('app'),
];

const cases: Case[] = [
  {
    name: 'pending, no node registered',
    steps: [ev.podCreated(m.plain)],
    state: 'scheduling.queued',
    offered: [
      'pod.scheduled node=node-1',
      'pod.unschedulable message=0/1 nodes are available',
      'pod.deletion.requested',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'pending, two registered nodes',
    steps: [ev.nodeRegistered('node-1'), ev.nodeRegistered('node-2'), ev.podCreated(m.plain)],
    state: 'scheduling.queued',
    offered: [
      'pod.scheduled node=node-1',
      'pod.scheduled node=node-2',
      'pod.unschedulable message=0/1 nodes are available',
      'pod.deletion.requested',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'pending beside an implicit node another Pod was bound to',
    steps: [ev.podCreated(m.hooks, 'u2'), ev.scheduled('node-7'), ev.podCreated(m.plain)],
    state: 'scheduling.queued',
    offered: [
      'pod.scheduled node=node-1',
      'pod.unschedulable message=0/1 nodes are available',
      'pod.deletion.requested',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'gated',
    steps: [ev.podCreated(m.onFailureMesh)],
    state: 'scheduling.gated',
    offered: [
      'pod.scheduling-gates.removed gates=example.com/quota',
      'pod.readiness-gate.changed conditionType=example.com/registered status=True',
      'pod.deletion.requested',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'unschedulable',
    steps: [ev.nodeRegistered('node-1'), ev.podCreated(m.gated), ev.unschedulable()],
    state: 'scheduling.unschedulable',
    offered: [
      'pod.unschedulable message=0/1 nodes are available',
      'pod.readiness-gate.changed conditionType=example.com/feature status=True',
      'pod.deletion.requested',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'bound, sandbox being created',
    steps: [node1, ev.podCreated(m.plain), ev.scheduled()],
    state: 'sandbox.creating',
    offered: [
      'pod.sandbox.ready podIP=10.244.170.83',
      'pod.sandbox.failed message=failed to create pod sandbox',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'sandbox creation failed',
    steps: [node1, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxFailed()],
    state: 'sandbox.creationFailed',
    offered: [
      'pod.sandbox.ready podIP=10.244.170.83',
      'pod.sandbox.failed message=failed to create pod sandbox',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'image not cached: pulling',
    steps: [bare, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady()],
    state: 'containers.startingApps',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.image.pulled container=app',
      'container.image.pull.failed container=app message=rpc error: code = NotFound',
    ],
  },
  {
    name: 'init container running',
    steps: [node1, ev.podCreated(m.initChain), ev.scheduled(), ev.sandboxReady(), ev.started('setup')],
    state: 'containers.initializing',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=setup exitCode=0',
      'container.exited container=setup exitCode=1',
    ],
  },
  {
    name: 'app running',
    steps: up,
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=app exitCode=0',
      'container.exited container=app exitCode=1',
    ],
  },
  {
    name: 'sidecars and app running',
    steps: sidecarsUp,
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=proxy exitCode=0',
      'container.exited container=proxy exitCode=1',
      'container.exited container=logger exitCode=0',
      'container.exited container=logger exitCode=1',
      'container.exited container=app exitCode=0',
      'container.exited container=app exitCode=1',
      'container.probe.succeeded container=app probe=readiness',
      'container.probe.failed container=app probe=readiness',
      'container.probe.succeeded container=app probe=liveness',
      'container.probe.failed container=app probe=liveness',
    ],
  },
  {
    name: 'readiness gate True, readiness probe pending',
    steps: [
      node1,
      ev.podCreated(m.gated),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.pulled('app'),
      ev.started('app'),
      ev.gate('example.com/feature', 'True'),
    ],
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.readiness-gate.changed conditionType=example.com/feature status=False',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=app exitCode=0',
      'container.exited container=app exitCode=1',
      'container.probe.succeeded container=app probe=readiness',
      'container.probe.failed container=app probe=readiness',
    ],
  },
  {
    name: 'startup probe pending (spec.nodeName)',
    steps: [
      ev.nodeRegistered('node-2', {}, images),
      ev.podCreated(m.pinned),
      ev.scheduled('node-2'),
      ev.sandboxReady(),
      ev.started('app'),
    ],
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=app exitCode=0',
      'container.exited container=app exitCode=1',
      'container.probe.succeeded container=app probe=startup',
      'container.probe.failed container=app probe=startup',
    ],
  },
  {
    name: 'postStart hook running',
    steps: [node1, ev.podCreated(m.hooks), ev.scheduled(), ev.sandboxReady(), ev.started('web')],
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=web exitCode=0',
      'container.exited container=web exitCode=1',
      'container.poststart.succeeded container=web',
      'container.poststart.failed container=web message=hook failed',
    ],
  },
  {
    name: 'crash loop',
    steps: [...up, ev.exited('app', 1)],
    state: 'containers.running',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.image.pulled container=app',
      'container.image.pull.failed container=app message=rpc error: code = NotFound',
      'container.started container=app',
    ],
  },
  {
    name: 'sandbox died',
    steps: [...up, ev.sandboxDied()],
    state: 'sandbox.recreating',
    offered: [
      'pod.sandbox.ready podIP=10.244.171.230',
      'pod.sandbox.failed message=failed to create pod sandbox',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'terminating, preStop running',
    steps: [
      node1,
      ev.podCreated(m.hooks),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.postStartOk('web'),
      ev.started('worker'),
      ev.deletion(),
    ],
    state: 'terminating.stoppingContainers',
    offered: [
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'container.exited container=web exitCode=0',
      'container.exited container=web exitCode=1',
      'container.prestop.completed container=web',
      'container.exited container=worker exitCode=0',
      'container.exited container=worker exitCode=1',
    ],
  },
  {
    name: 'evicted: Failed',
    steps: [...up, ev.evicted('Evicted', 'The node was low on resource: memory.')],
    state: 'finished.failed',
    offered: ['pod.deletion.requested'],
  },
  {
    name: 'every container stopped, awaiting removal',
    steps: [...up, ev.deletion(), ev.exited('app', 0)],
    state: 'terminating.awaitingRemoval',
    offered: ['pod.deletion.requested', 'pod.removed'],
  },
  {
    name: 'node lost',
    steps: [...up, ev.nodeLost()],
    state: 'containers.running',
    offered: [
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
    ],
  },
  {
    name: 'succeeded',
    steps: [
      node1,
      ev.podCreated(m.job),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('fetch'),
      ev.exited('fetch', 0),
      ev.started('mesh'),
      ev.started('main'),
      ev.started('helper'),
      ev.exited('main', 0),
      ev.exited('helper', 0),
      ev.exited('mesh', 0),
    ],
    state: 'finished.succeeded',
    offered: ['pod.deletion.requested'],
  },
];

describe('enabledEvents by Pod state: exactly the representative events the engine accepts', () => {
  it.each(cases)('$name', ({ steps, state, offered }) => {
    const { engine, at } = engineAfter(steps);
    expect(engine.pods.get('u1')!.value).toBe(state);
    const got = enabledEvents(engine, 'u1', at);
    expect(got.map((a) => show(a.type, a.data))).toEqual(offered);
    // The generator's promise: exactly the candidates the engine accepts are offered.
    const accepted = candidates(engine, 'u1').filter(
      (c) =>
        engine.check({ stream: 'pod/u1', type: c.type, data: c.data, time: at } as EventInput) === undefined,
    );
    expect(got).toEqual(accepted.map((c) => ({ ...c, stream: 'pod/u1' })));
  });

  it('the states above reach every kind of event in the representative set', () => {
    const kinds = new Set(cases.flatMap((c) => c.offered.map((o) => o.split(' ')[0])));
    const all = cases.flatMap((c) => candidates(engineAfter(c.steps).engine, 'u1').map((k) => k.type));
    expect([...kinds].sort()).toEqual([...new Set(all)].sort());
  });
});

describe('enabledEvents asks the engine only about candidates the Pod and container charts have a transition for', () => {
  // Explore calls enabledEvents on every step (docs/decisions.md): a candidate no chart state can
  // take is skipped without asking the engine.
  const asked = (steps: Step[]) => {
    const { engine, at } = engineAfter(steps);
    const out: string[] = [];
    const spy = new Proxy(engine, {
      get: (target, prop) =>
        prop === 'check'
          ? (e: EventInput) => {
              out.push(show(e.type, e.data));
              return target.check(e);
            }
          : Reflect.get(target, prop, target),
    });
    const offered = enabledEvents(spy, 'u1', at).map((a) => show(a.type, a.data));
    return { offered, asked: out };
  };
  const upPlain = [node1, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];

  it('awaiting removal (its containers stopped): only deletion and removal', () => {
    const r = asked([...upPlain, ev.deletion(), ev.exited('app', 0)]);
    expect(r.asked).toEqual(['pod.deletion.requested', 'pod.removed']);
    expect(r.offered).toEqual(r.asked);
  });

  it('finished: only deletion', () => {
    const r = asked([...upPlain, ev.evicted('Evicted', 'The node was low on resource: memory.')]);
    expect(r.asked).toEqual(['pod.deletion.requested']);
  });

  it('a running container without probes or hooks: its exit and probe results (the chart has them), not its start, pull or hooks', () => {
    const r = asked(upPlain);
    expect(r.asked).toEqual([
      'pod.sandbox.died',
      'pod.deletion.requested',
      'pod.evicted reason=Evicted message=The node was low on resource: memory.',
      'pod.evicted reason=EvictionByEvictionAPI message=Eviction API: evicting',
      'container.exited container=app exitCode=0',
      'container.exited container=app exitCode=1',
      'container.probe.succeeded container=app probe=startup',
      'container.probe.failed container=app probe=startup',
      'container.probe.succeeded container=app probe=readiness',
      'container.probe.failed container=app probe=readiness',
      'container.probe.succeeded container=app probe=liveness',
      'container.probe.failed container=app probe=liveness',
    ]);
  });
});
