// The charts as an embedder loads them: `import { clusterMachine, podMachine, containerMachine }`
// and createActor. Every import of the core is made inside a test. A chart definition XState
// refuses (an `initial` or a target naming no state, a machine id the `#pod.…` targets no longer
// find) throws while its module loads; in a file that imports the core at its top, that is an
// error while the file is collected, which fails no test: Stryker's vitest runner then counts a
// static mutant of the chart as survived (mutation area machines-static). Here it fails a test.
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';

/** A Pod held back by a scheduling gate (spec.schedulingGates). */
const held = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'held', namespace: 'default' },
  spec: {
    schedulingGates: [{ name: 'example.com/quota' }],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  },
};

describe('the Pod, container and cluster charts load and run as the engine does', () => {
  it('createActor(clusterMachine) takes a gated Pod through scheduling, its sandbox, a container run and its deletion as the engine does (the Pod chart run by XState)', async () => {
    const { divergence } = await import('./clusterDivergence.js');
    const { ev, toEvents } = await import('@podstate/core/testing');
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(held),
      ev.gatesRemoved('example.com/quota'),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.wait(10),
      ev.started('app'),
      ev.deletion(30),
      ev.exited('app', 0),
      ev.removed(),
    ]);
    expect(divergence(events, 'current')).toBeUndefined();
  });

  it('an actor of the Pod chart starts in scheduling (gated while spec.schedulingGates holds it), one of the container chart waiting for its turn', async () => {
    const { containerMachine, podMachine, stateKey } = await import('@podstate/core/internal');
    const { createEngine } = await import('@podstate/core');
    const { ev, builtInManifests: m, toEvents } = await import('@podstate/core/testing');
    for (const [manifest, state] of [
      [held, 'scheduling.gated'],
      [m.plain, 'scheduling.queued'],
    ] as const) {
      const engine = createEngine();
      const [created] = toEvents([ev.podCreated(manifest)]);
      expect(engine.apply(created!).ok).toBe(true);
      const pod = [...engine.pods.values()][0]!;
      const actor = createActor(podMachine, { input: { pod: pod.ctx, env: engine.env } }).start();
      expect(pod.value).toBe(state);
      expect(stateKey(actor.getSnapshot().value as never)).toBe(pod.value);
      const container = pod.ctx.containers[0]!;
      const c = createActor(containerMachine, { input: container.ctx }).start();
      expect(container.value).toBe('waiting.forTurn');
      expect(stateKey(c.getSnapshot().value as never)).toBe(container.value);
    }
  });

  it('the container and Pod charts compile to the tables the engine replays (machines/generated/tables.ts)', async () => {
    const {
      compileMachine,
      compiledContainerMachine,
      compiledPodMachine,
      containerMachine,
      containerRules,
      podMachine,
    } = await import('@podstate/core/internal');
    const { podMachineRules } = await import('../src/machines/machineRules.js');
    expect(compileMachine(containerMachine, containerRules)).toStrictEqual(compiledContainerMachine);
    expect(compileMachine(podMachine, podMachineRules)).toStrictEqual(compiledPodMachine);
  });
});
