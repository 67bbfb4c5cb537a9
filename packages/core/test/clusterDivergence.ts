// What the bare-actor-equals-engine tests compare (core/test/clusterMachine.prop.test.ts on generated
// lifecycles, examples/clusterMachine.test.ts on every example's log).
import {
  type ClusterEnv,
  type ClusterMachineContext,
  clusterMachine,
  createEngine,
  type Engine,
  type EventInput,
  type NodeLostProfile,
} from '@podstate/core';
import { canonicalJSON } from '@podstate/core/testing';
import { type AnyStateMachine, createActor } from 'xstate';

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
 * Feeds the same events to `createActor(machine)` and to an engine (a fresh one unless given); the
 * first step at which they disagree (accepted or refused, the refusal, the Pods, the cluster), or undefined.
 */
export function divergence(
  events: readonly EventInput[],
  profile: NodeLostProfile,
  machine: AnyStateMachine = clusterMachine,
  engine: Engine = createEngine({ profile }),
): string | undefined {
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
