import { assign, initialTransition, setup, transition } from 'xstate';
import { evolveCluster } from '../engine/clusterEvents.js';
import {
  applyPodEffects,
  clusterRefusal,
  createRefusal,
  envelopeRefusal,
  missingPodRefusal,
  podRefusal,
} from '../engine/decideParts.js';
import { type ClusterEnv, createClusterEnv, type NodeLostProfile } from '../engine/env.js';
import { createPodCtx, normalizePod } from '../engine/normalizePod.js';
import { parseTime } from '../engine/parseTime.js';
import { noTransitionReason } from '../engine/rejections.js';
import type { EventInput, PodState, Rejection, RemovedPod } from '../engine/types.js';
import { eventInputCheck } from '../events/inputCheck.js';
import type { Pod } from '../manifest/types.js';
import { type StateValueLike, selectTransition, stateKey, stateValueOf } from './compile.js';
import { compiledPodMachine } from './compiledPod.js';
import type { MachineEvent } from './events.js';
import { podMachine } from './podMachine.js';
import type { Refusal } from './refusal.js';
import type { PodStateValue } from './types.js';

/**
 * The cluster machine's context: the cluster the Pods read and every Pod as a slot `{value, ctx}`
 * (the Pod machine's state and context, as the engine holds them in `engine.pods`).
 */
export interface ClusterMachineContext {
  /** Nodes and their image caches, Secrets, ConfigMaps, the latest event time. */
  env: ClusterEnv;
  /** uid → the live Pod's state (`PodState`, as `engine.pods`). */
  pods: ReadonlyMap<string, PodState>;
  /** `namespace/name` → uid of the live Pod with that name. */
  names: ReadonlyMap<string, string>;
  /** uid → what remains of a removed Pod. */
  removed: ReadonlyMap<string, RemovedPod>;
  /** seq of the last accepted event that carried one (0 before any). */
  seq: number;
  /**
   * Why the last event was refused, as `engine.apply` gives it; undefined after an accepted one.
   * A refused event changes nothing else.
   */
  rejection?: Rejection;
}

/** What a cluster machine starts from: an empty cluster, with the node-lost profile. */
export interface ClusterMachineInput {
  /** Node-lost behaviour: `current` (default) or `legacy` (phase Unknown). */
  profile?: NodeLostProfile;
}

/** An empty cluster: no node, no Pod. Pure. */
export function createClusterContext(profile: NodeLostProfile = 'current'): ClusterMachineContext {
  return {
    env: createClusterEnv(profile),
    pods: new Map(),
    names: new Map(),
    removed: new Map(),
    seq: 0,
  };
}

/** A copy of the cluster the next event may change (nodes deep, objects by reference: they are replaced, never changed). */
function copyEnv(env: ClusterEnv, time: number): ClusterEnv {
  const nodes = new Map();
  for (const [k, n] of env.nodes) nodes.set(k, { ...n, images: new Set(n.images), labels: { ...n.labels } });
  return {
    ...env,
    time,
    nodes,
    secrets: new Map(env.secrets),
    configMaps: new Map(env.configMaps),
  };
}

/** The Pod machine's XState snapshot for a Pod slot, reading `env`. */
function podSnapshot(pod: PodState, env: ClusterEnv) {
  return podMachine.resolveState({ value: stateValueOf(pod.value), context: { pod: pod.ctx, env } });
}

/**
 * Why the Pod machine refuses `m` in `pod` (it has no enabled transition), worded as the engine
 * words it: the last guard's reason, or why the state has no transition for the event. Pure.
 */
function podMachineRefusal(pod: PodState, e: EventInput, m: MachineEvent, env: ClusterEnv): Refusal {
  const sel = selectTransition(compiledPodMachine, pod.value, e.type, pod.ctx, m, env);
  const why = (sel.ok ? undefined : sel.reason) ?? noTransitionReason(pod.value, e.type, pod.ctx.node);
  return podRefusal(pod, e, why);
}

/**
 * One event through the cluster machine: a cluster fact changes `env`; `pod.created` starts a Pod
 * machine (its initial state and eventless transitions, under XState); a Pod or container fact
 * steps that Pod's machine with XState's `transition()` when `snapshot.can(event)`, and the two
 * Pod facts that touch the cluster (binding to an implicit node, a pull) update `env`. A refused
 * event changes nothing but `rejection`. The same decisions as `engine.apply` (a property test
 * checks it); the engine runs the compiled tables instead, for speed. Pure: returns a new context.
 */
export function applyClusterEvent(c: ClusterMachineContext, e: EventInput): ClusterMachineContext {
  const refused = (r: Refusal): ClusterMachineContext => ({ ...c, rejection: { event: e, ...r } });
  // Untrusted input (no numeric seq: not a record read from a log) is validated, as the engine does.
  if (typeof e !== 'object' || e === null || typeof e.seq !== 'number') {
    const invalid = eventInputCheck()(e);
    if (invalid !== undefined) return refused(invalid);
  }
  const time = parseTime(e.time);
  const bad = envelopeRefusal(c.env, e, time);
  if (bad !== undefined) return refused(bad);
  const seq = e.seq ?? c.seq;
  if (!e.stream.startsWith('pod/')) {
    const why = clusterRefusal(c.env, e);
    if (why !== undefined) return refused(why);
    const env = copyEnv(c.env, c.env.time);
    evolveCluster(env, e, time);
    env.time = time;
    return { ...c, env, seq, rejection: undefined };
  }
  const uid = e.stream.slice(4);
  if (e.type === 'pod.created') {
    const why = createRefusal(c.pods, c.removed, c.names, e, uid);
    if (why !== undefined) return refused(why);
    const manifest = normalizePod((e.data as { manifest: Pod }).manifest, uid);
    const [start] = initialTransition(podMachine, { pod: createPodCtx(manifest, uid, time), env: c.env });
    const pods = new Map(c.pods);
    pods.set(uid, {
      value: stateKey(start.value as StateValueLike) as PodStateValue,
      ctx: start.context.pod,
    });
    const names = new Map(c.names);
    names.set(`${manifest.metadata.namespace}/${manifest.metadata.name}`, uid);
    return { ...c, env: { ...c.env, time }, pods, names, seq, rejection: undefined };
  }
  const before = c.pods.get(uid);
  if (before === undefined) return refused(missingPodRefusal(c.removed.get(uid), e, uid));
  // The envelope check above accepted the type, and the catalogue check (or the log's CRC) the data:
  // the input is the typed event its type names, as the engine takes it.
  const m = { type: e.type, time, data: e.data } as MachineEvent;
  const snap = podSnapshot(before, c.env);
  if (!snap.can(m)) return refused(podMachineRefusal(before, e, m, c.env));
  const [next] = transition(podMachine, snap, m);
  const after: PodState = {
    value: stateKey(next.value as StateValueLike) as PodStateValue,
    ctx: next.context.pod,
  };
  let env: ClusterEnv;
  if (e.type === 'pod.scheduled' || e.type === 'container.image.pulled') {
    env = copyEnv(c.env, time);
    applyPodEffects(env, e, after);
  } else env = { ...c.env, time };
  const pods = new Map(c.pods);
  if (after.value !== 'removed') {
    pods.set(uid, after);
    return { ...c, env, pods, seq, rejection: undefined };
  }
  pods.delete(uid);
  const names = new Map(c.names);
  names.delete(`${after.ctx.namespace}/${after.ctx.name}`);
  const removed = new Map(c.removed);
  removed.set(uid, {
    uid,
    namespace: after.ctx.namespace,
    name: after.ctx.name,
    phase: after.ctx.terminalPhase,
    removedAt: time,
  });
  return { ...c, env, pods, names, removed, seq, rejection: undefined };
}

/**
 * The whole cluster as one XState machine, so a bare `createActor(clusterMachine)` fed a log's
 * events (`RecordedEvent`s, oldest first) reaches the engine's Pod states and contexts and
 * refuses what the engine refuses (`context.rejection`). It takes every event of the catalogue:
 * node, Secret, ConfigMap and clock facts change the cluster (`context.env`); `pod.created` and
 * the Pod and container facts are routed by stream (`pod/<uid>`) to that Pod's machine
 * (`podMachine`, stepped under XState). Pods are slots in the context, not spawned actors: the
 * snapshot is one plain value, like the engine's state. Pure.
 */
export const clusterMachine = setup({
  types: {
    context: {} as ClusterMachineContext,
    events: {} as EventInput,
    // `| void`: an optional input (inference drops `| undefined` from the optional `types.input`).
    // biome-ignore lint/suspicious/noConfusingVoidType: XState makes the input optional only when undefined extends it
    input: {} as ClusterMachineInput | void,
  },
  actions: {
    apply: assign(({ context, event }) => applyClusterEvent(context, event)),
  },
}).createMachine({
  id: 'cluster',
  description:
    "The cluster around the Pods: every log event is applied in order (the engine's decide, then evolve), Pod facts through that Pod's podMachine.",
  context: ({ input }) => createClusterContext(input ? input.profile : undefined),
  on: {
    '*': { actions: 'apply' },
  },
});
