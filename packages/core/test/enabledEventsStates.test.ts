// enabledEvents' whole candidate list in the Pod states a generator passes through (issue 17:
// mutants of enabledEvents.ts): what `explore` may draw next is every fact of its representative
// set that the engine accepts there, in the documented order — Pod facts (scheduling, unschedulable,
// gates, sandbox, readiness gates, deletion, evictions, removal), then each container's facts.
import { createEngine, type Engine, enabledEvents } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { podIPFor } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

const AT = '2026-01-01T00:10:00.000Z';
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    readinessGates: [{ conditionType: 'example.com/lb' }],
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        readinessProbe: { exec: { command: ['ready'] } },
        lifecycle: { preStop: { exec: { command: ['drain'] } } },
      },
    ],
  },
};
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);

function engineAfter(steps: Step[]): Engine {
  const engine = createEngine();
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return engine;
}
const offered = (engine: Engine, uid = 'u1') =>
  enabledEvents(engine, uid, AT).map((a) => {
    expect(a.stream).toBe(`pod/${uid}`);
    return `${a.type} ${JSON.stringify(a.data)}`;
  });

const gateTrue = 'pod.readiness-gate.changed {"conditionType":"example.com/lb","status":"True"}';
const evictions = [
  'pod.evicted {"reason":"Evicted","message":"The node was low on resource: memory."}',
  'pod.evicted {"reason":"EvictionByEvictionAPI","message":"Eviction API: evicting"}',
];
const exits = [
  'container.exited {"container":"web","exitCode":0}',
  'container.exited {"container":"web","exitCode":1}',
];
const readiness = [
  'container.probe.succeeded {"container":"web","probe":"readiness"}',
  'container.probe.failed {"container":"web","probe":"readiness"}',
];

describe('enabledEvents in each stage of a Pod', () => {
  it('scheduling.queued: bind to the registered node, unschedulable, a readiness gate, deletion, the Eviction API (no kubelet eviction of an unbound Pod)', () => {
    expect(offered(engineAfter([node, ev.podCreated(manifest)]))).toEqual([
      'pod.scheduled {"node":"node-1"}',
      'pod.unschedulable {"message":"0/1 nodes are available"}',
      gateTrue,
      'pod.deletion.requested {}',
      evictions[1],
    ]);
  });

  it('sandbox.creating: the first sandbox becomes ready (podIPFor(uid, 1)) or fails; no container fact before a sandbox', () => {
    expect(offered(engineAfter([node, ev.podCreated(manifest), ev.scheduled()]))).toEqual([
      `pod.sandbox.ready {"podIP":"${podIPFor('u1', 1)}"}`,
      'pod.sandbox.failed {"message":"failed to create pod sandbox"}',
      gateTrue,
      'pod.deletion.requested {}',
      ...evictions,
    ]);
  });

  it('sandbox.recreating after the sandbox died: the second sandbox (podIPFor(uid, 2))', () => {
    const engine = engineAfter([
      node,
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.sandboxDied(),
    ]);
    expect(offered(engine)[0]).toBe(`pod.sandbox.ready {"podIP":"${podIPFor('u1', 2)}"}`);
  });

  it('containers.running: the sandbox may die, the gate flip, the Pod be deleted or evicted; the container exit 0/1 and its readiness probe pass or fail (no probe it lacks)', () => {
    const engine = engineAfter([
      node,
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
    ]);
    expect(offered(engine)).toEqual([
      'pod.sandbox.died {}',
      gateTrue,
      'pod.deletion.requested {}',
      ...evictions,
      ...exits,
      ...readiness,
    ]);
  });

  it('a readiness gate that is True is offered flipped back to False', () => {
    const engine = engineAfter([
      node,
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.gate('example.com/lb', 'True'),
    ]);
    expect(offered(engine)).toContain(
      'pod.readiness-gate.changed {"conditionType":"example.com/lb","status":"False"}',
    );
    expect(offered(engine)).not.toContain(gateTrue);
  });

  it('terminating with the preStop hook running: the hook completes, the container exits; no new sandbox, no Eviction API eviction of a Pod already deleted', () => {
    const engine = engineAfter([
      node,
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.deletion(30),
    ]);
    expect(offered(engine)).toEqual([
      'pod.sandbox.died {}',
      gateTrue,
      'pod.deletion.requested {}',
      evictions[0],
      ...exits,
      'container.prestop.completed {"container":"web"}',
      ...readiness,
    ]);
  });

  it('terminating.awaitingRemoval: only the removal', () => {
    const engine = engineAfter([
      node,
      ev.podCreated({ ...manifest, spec: { containers: [{ name: 'web', image: 'nginx:1.25' }] } }),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('web'),
      ev.deletion(30),
      ev.exited('web', 0),
    ]);
    expect(engine.pods.get('u1')?.value).toBe('terminating.awaitingRemoval');
    expect(offered(engine)).toEqual(['pod.deletion.requested {}', 'pod.removed {}']);
  });

  it('with no registered node, a node another Pod was bound to (implicitly) is not offered: node-1 is, as for the first Pod', () => {
    const engine = engineAfter([
      ev.podCreated(manifest),
      ev.scheduled('elsewhere'),
      ev.podCreated({ ...manifest, metadata: { name: 'two', namespace: 'default' } }, 'u2'),
    ]);
    expect(offered(engine, 'u2').filter((k) => k.startsWith('pod.scheduled'))).toEqual([
      'pod.scheduled {"node":"node-1"}',
    ]);
  });
});

describe("enabledEvents: each container's facts (only: 'container')", () => {
  const probed = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'default' },
    spec: {
      containers: [
        { name: 'cache', image: 'redis:7.2' },
        {
          name: 'web',
          image: 'nginx:1.25',
          startupProbe: { exec: { command: ['started'] } },
          livenessProbe: { exec: { command: ['alive'] } },
          readinessProbe: { exec: { command: ['ready'] } },
        },
      ],
    },
  };
  const containerFacts = (steps: Step[]) =>
    enabledEvents(engineAfter(steps), 'u1', AT, 'container').map(
      (a) => `${a.type} ${JSON.stringify(a.data)}`,
    );
  const pulls = (c: string) => [
    `container.image.pulled {"container":"${c}"}`,
    `container.image.pull.failed {"container":"${c}","message":"rpc error: code = NotFound"}`,
  ];
  const probe = (p: string) => [
    `container.probe.succeeded {"container":"web","probe":"${p}"}`,
    `container.probe.failed {"container":"web","probe":"${p}"}`,
  ];
  const running = [node, ev.podCreated(probed), ev.scheduled(), ev.sandboxReady(), ev.started('web')];

  it('before any start: each image may be pulled or fail to pull; only the container whose image the node has may start', () => {
    expect(containerFacts([node, ev.podCreated(probed), ev.scheduled(), ev.sandboxReady()])).toEqual([
      ...pulls('cache'),
      ...pulls('web'),
      'container.started {"container":"web"}',
    ]);
  });

  it('started, startup probe pending: only the startup probe reports (worker.go: readiness and liveness wait for startup)', () => {
    expect(containerFacts(running)).toEqual([
      ...pulls('cache'),
      'container.exited {"container":"web","exitCode":0}',
      'container.exited {"container":"web","exitCode":1}',
      ...probe('startup'),
    ]);
  });

  it('startup passed: readiness then liveness, each success and failure', () => {
    expect(containerFacts([...running, ev.probeOk('web', 'startup')])).toEqual([
      ...pulls('cache'),
      'container.exited {"container":"web","exitCode":0}',
      'container.exited {"container":"web","exitCode":1}',
      ...probe('readiness'),
      ...probe('liveness'),
    ]);
  });
});
