import {
  type ClusterEnv,
  type ClusterMachineContext,
  clusterMachine,
  createEngine,
  type Engine,
  type EventInput,
  type NodeLostProfile,
} from '@podstate/core';
import { applyClusterEvent } from '@podstate/core/internal';
import { canonicalJSON, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type AnyStateMachine, assign, createActor } from 'xstate';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Math.max(1, Math.floor(Number(process.env.PODSTATE_RUNS ?? 200) / 4));

/** The cluster as comparable JSON: nodes with their image caches, Secrets, ConfigMaps, the clock. */
const envJSON = (env: ClusterEnv) =>
  canonicalJSON({
    time: Number.isFinite(env.time) ? env.time : null,
    profile: env.profile,
    registeredNodes: env.registeredNodes,
    nodes: [...env.nodes.values()].map((n) => ({ ...n, images: [...n.images].sort() })),
    secrets: [...env.secrets.entries()],
    configMaps: [...env.configMaps.entries()],
  });

/** The first way the actor's context differs from the engine after an event, or undefined. */
function differs(c: ClusterMachineContext, engine: Engine): string | undefined {
  if (envJSON(c.env) !== envJSON(engine.env)) return 'the cluster (nodes, image caches, objects, clock)';
  if (c.pods.size !== engine.pods.size) return `${c.pods.size} live Pods, the engine ${engine.pods.size}`;
  for (const [uid, p] of engine.pods) {
    const mine = c.pods.get(uid);
    if (mine?.value !== p.value) return `Pod ${uid} is ${mine?.value}, in the engine ${p.value}`;
    if (canonicalJSON(mine.ctx) !== canonicalJSON(p.ctx)) return `the context of Pod ${uid}`;
  }
  if (canonicalJSON([...c.names]) !== canonicalJSON([...engine.names])) return 'the Pod names';
  if (canonicalJSON([...c.removed]) !== canonicalJSON([...engine.removed])) return 'the removed Pods';
  if (c.seq !== engine.seq) return `seq ${c.seq}, the engine ${engine.seq}`;
  return undefined;
}

/**
 * Feeds the same events to `createActor(machine)` and to an engine; the first step at which they
 * disagree (accepted or refused, the refusal, the Pods, the cluster), or undefined.
 */
export function divergence(
  events: readonly EventInput[],
  profile: NodeLostProfile,
  machine: AnyStateMachine = clusterMachine,
): string | undefined {
  const engine = createEngine({ profile });
  const actor = createActor(machine, { input: { profile } });
  actor.start();
  try {
    for (const [i, e] of events.entries()) {
      const r = engine.apply(e);
      actor.send(e);
      const c = actor.getSnapshot().context as ClusterMachineContext;
      const at = `step ${i} (${e.type} on ${e.stream})`;
      if (r.ok !== (c.rejection === undefined))
        return `${at}: the engine ${r.ok ? 'accepts it' : `refuses it (${r.rejection.code})`}, the actor ${c.rejection ? `refuses it (${c.rejection.code})` : 'accepts it'}`;
      if (!r.ok && canonicalJSON(r.rejection) !== canonicalJSON(c.rejection))
        return `${at}: refused with ${JSON.stringify(c.rejection?.message)}, by the engine with ${JSON.stringify(r.rejection.message)}`;
      const d = differs(c, engine);
      if (d !== undefined) return `${at}: the actor and the engine differ in ${d}`;
    }
    return undefined;
  } finally {
    actor.stop();
  }
}

const property = (machine: AnyStateMachine) =>
  fc.property(lifecycleArbitrary({ maxSteps: 80 }), (l) => {
    const d = divergence(l.events, l.profile, machine);
    if (d !== undefined) throw new Error(d);
  });

describe(`the bare actor equals the engine (clusterMachine; seed ${seed})`, () => {
  it('createActor(clusterMachine) fed generated lifecycles (driveLifecycle) reaches the engine’s Pod states, contexts, cluster and refusals at every step', () => {
    fc.assert(property(clusterMachine), { seed, numRuns });
  });

  it('the checker catches a hand-made divergence: a cluster machine that forgets the image a pull put in the node’s cache', () => {
    const forgetful = clusterMachine.provide({
      actions: {
        apply: assign(({ context, event }) => {
          const next = applyClusterEvent(context, event);
          if (event.type !== 'container.image.pulled' || next.rejection !== undefined) return next;
          return { ...next, env: { ...context.env, time: next.env.time } };
        }),
      },
    });
    const r = fc.check(property(forgetful), { seed, numRuns });
    expect(r.failed, 'the property should fail for the forgetful machine').toBe(true);
    expect(String(r.errorInstance)).toMatch(/container\.image\.pulled.*the cluster/);
  });
});
