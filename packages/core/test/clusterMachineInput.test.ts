// The bare cluster actor (clusterMachine) takes events as the engine does: input that is not a log
// record (no numeric seq) is validated against the catalogue and refused with the engine's
// refusal; a record read from a log (numeric seq, CRC-checked) is not validated again.
import { clusterMachine, createClusterContext, createEngine } from '@podstate/core';
import { applyClusterEvent } from '@podstate/core/internal';
import { ev, builtInManifests as m, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';
import { divergence } from './clusterDivergence.js';

const time = '2026-01-01T00:00:00Z';

function both(e: object) {
  const actor = createActor(clusterMachine).start();
  actor.send(e as never);
  const engine = createEngine();
  return {
    cluster: actor.getSnapshot().context,
    engine: engine.apply(e as never),
    engineNodes: engine.env.nodes,
  };
}

describe('clusterMachine input: validated unless it is a log record, as engine.apply', () => {
  it('an event whose data does not have its type’s shape is refused with the engine’s refusal, and changes nothing', () => {
    const bad = { stream: 'node/n1', type: 'node.registered', time, data: { colour: 'blue' } };
    const { cluster, engine } = both(bad);
    expect(engine.ok).toBe(false);
    expect(cluster.rejection).toBeDefined();
    expect(cluster.rejection).toEqual(engine.ok ? undefined : engine.rejection);
    expect(cluster.env.nodes.size).toBe(0);
  });

  it('input that is not an object at all is refused, not thrown', () => {
    for (const bad of [null, 'node.registered', 7]) {
      // (XState's actor.send needs an object with a type: the cluster machine's step itself.)
      const c = applyClusterEvent(createClusterContext(), bad as never);
      expect(c.rejection?.code).toBe(
        (createEngine().apply(bad as never) as { rejection: { code: string } }).rejection.code,
      );
    }
  });

  it('a log record (numeric seq) is taken as the log holds it, as the engine replays it', () => {
    const record = { seq: 1, stream: 'node/n1', type: 'node.registered', time, data: { colour: 'blue' } };
    const { cluster, engine, engineNodes } = both(record);
    expect(engine.ok).toBe(true);
    expect(cluster.rejection).toBeUndefined();
    expect(cluster.seq).toBe(1);
    expect([...cluster.env.nodes.keys()]).toEqual([...engineNodes.keys()]);
  });

  it('an actor started without input follows the current node-lost profile', () => {
    expect(createActor(clusterMachine).start().getSnapshot().context.env.profile).toBe('current');
  });
});

describe('clusterMachine refuses what the engine refuses, with the same refusal (decide: envelope, cluster, create, missing Pod)', () => {
  const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
  /** The events, each also checked to be refused (false) or accepted (true) by the engine. */
  const check = (events: ReturnType<typeof toEvents>, accepted: boolean[]) => {
    const engine = createEngine();
    expect(events.map((e) => engine.apply(e).ok)).toEqual(accepted);
    expect(divergence(events, 'current')).toBeUndefined();
  };

  it('an event older than the last one, a node registered twice, a Pod created twice, a fact about a Pod never created', () => {
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.nodeRegistered('node-1'),
      ev.podCreated(m.plain),
      ev.podCreated(m.plain),
      { ...ev.scheduled(), stream: 'pod/nobody' },
      ev.scheduled(),
    ]);
    const older = { ...events[5]!, time: at(-10) };
    check([...events.slice(0, 5), older, events[5]!], [true, false, true, false, false, false, true]);
  });

  it('binding to a node no node.registered named adds it to the cluster, as the engine does (applyPodEffects)', () => {
    const events = toEvents([ev.podCreated(m.plain), ev.scheduled('elsewhere')]);
    check(events, [true, true]);
    const actor = createActor(clusterMachine).start();
    for (const e of events) actor.send(e);
    expect([...actor.getSnapshot().context.env.nodes.keys()]).toEqual(['elsewhere']);
  });
});
