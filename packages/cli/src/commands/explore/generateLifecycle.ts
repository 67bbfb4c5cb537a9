import {
  createEngine,
  type Engine,
  type EventInput,
  enabledEvents,
  type KubeObject,
  type Node,
  type NodeLostProfile,
  nextActions,
  type Pod,
} from '@podstate/core';
import { engineStateJSON, snapshotEngine } from '@podstate/core/internal';
import { CHECK_DISAGREED, canonicalJSON, type Trace, type TraceStep } from '@podstate/core/invariants';
import { objectEvent, podUid } from '@podstate/scenario';
import { clusterChanges, type UntimedEvent } from './clusterChanges.js';

import type { ExploreInput } from './readExploreInputs.js';
import { SCENARIO_START } from './scenarioStart.js';

/** The choices one lifecycle is built from; fast-check generates and shrinks these. */
export interface ExplorePlan {
  /** Index of the Pod (in the input) the lifecycle drives. */
  pod: number;
  profile: NodeLostProfile;
  /** The images of `imagePullPolicy: Never` containers are in the first node's cache from the start. */
  cacheNeverImages: boolean;
  /** One number per step: its last digit picks the kind of fact, the rest picks among the options. */
  choices: number[];
}

/** A generated lifecycle: the documents it starts from, its events, and the trace the checkers read. */
export interface ExploredLifecycle {
  profile: NodeLostProfile;
  pod: Pod;
  uid: string;
  /** The cluster objects, then the Pod, in the order `podstate run` applies them. */
  objects: KubeObject[];
  /** The objects' events (at the start), then one event per step, some deliberately illegal. */
  events: EventInput[];
  /** How many of `events` come from `objects`. */
  setup: number;
  trace: Trace;
}

const CLOCK = [1, 10, 300, 660];
const iso = (ms: number) => new Date(ms).toISOString();

/** The documents a plan starts from: the cluster (Never-policy images cached on request), then the Pod. */
function startingObjects(input: ExploreInput, pod: Pod, plan: ExplorePlan): KubeObject[] {
  const never = [...(pod.spec.initContainers ?? []), ...pod.spec.containers]
    .filter((c) => c.imagePullPolicy === 'Never')
    .map((c) => c.image);
  let cached = !plan.cacheNeverImages || never.length === 0;
  const cluster = input.cluster.map((o): KubeObject => {
    if (cached || o.kind !== 'Node') return o;
    cached = true;
    const images = [...(o.status?.images ?? []), ...never.map((i) => ({ names: [i] }))];
    return { ...o, status: { ...o.status, images } } satisfies Node;
  });
  return [...cluster, pod];
}

/**
 * Builds a lifecycle from a plan by driving a real engine, recording the trace as it goes (one
 * pass: the events are applied once here, and the checkers replay them again for I1). Each
 * choice picks the Pod's natural next fact (nextActions), any enabled event (enabledEvents),
 * a clock advance of 1 s/10 s/5 m/11 m, a cluster change, or an event the engine must refuse
 * (I13). The lifecycle ends early once the Pod is removed. Pure and deterministic.
 */
export function generateLifecycle(input: ExploreInput, plan: ExplorePlan): ExploredLifecycle {
  const pod = input.pods[plan.pod % input.pods.length]!;
  const uid = podUid(pod.metadata.namespace ?? 'default', pod.metadata.name, 0);
  const stream = `pod/${uid}`;
  const engine = createEngine({ profile: plan.profile });
  const objects = startingObjects(input, pod, plan);
  const changes = clusterChanges(pod, input);
  const events: EventInput[] = [];
  const steps: TraceStep[] = [];
  const snapshotAt = objects.length + Math.floor(plan.choices.length / 2);
  let snapshot: Trace['snapshot'];
  let t = SCENARIO_START;

  /** Applies one event and records its trace step; `refusal` is engine.check's verdict, already known. */
  const record = (event: EventInput, refusal: string | undefined) => {
    if (events.length === snapshotAt) snapshot = { index: snapshotAt, state: snapshotEngine(engine) };
    events.push(event);
    const time = Date.parse(event.time);
    const on = event.stream === stream ? uid : undefined;
    const before = on === undefined ? undefined : engine.pods.get(on);
    const jsonBefore = refusal === undefined ? undefined : engineStateJSON(engine);
    const r = engine.apply(event);
    if (r.ok) {
      const after = on === undefined ? undefined : (engine.pods.get(on) ?? r.transition.after);
      steps.push({ event, time, ok: true, uid: on, before, after });
      return;
    }
    // I13 compares these two strings as core's recordTrace makes them (canonicalJSON of the
    // snapshot). Equal plain JSON means equal canonical JSON, so sorting runs only on a difference.
    let stateAfter = engineStateJSON(engine);
    let stateBefore = jsonBefore ?? CHECK_DISAGREED;
    if (jsonBefore !== undefined && jsonBefore !== stateAfter) {
      stateBefore = canonicalJSON(JSON.parse(jsonBefore));
      stateAfter = canonicalJSON(JSON.parse(stateAfter));
    }
    const rejection = r.rejection.message;
    steps.push({
      event,
      time,
      ok: false,
      rejection,
      code: r.rejection.code,
      uid: on,
      before,
      after: before,
      stateBefore,
      stateAfter,
    });
  };
  for (const o of objects) record(objectEvent(o, iso(t), o === pod ? uid : undefined), undefined);

  for (const c of plan.choices) {
    if (!engine.pods.has(uid)) break;
    const kind = c % 10;
    const pick = Math.floor(c / 10);
    const at = iso(t + 1000);
    let next: UntimedEvent | undefined;
    let refusal: string | undefined;
    if (kind <= 3) next = nextActions(engine, uid, at)[0];
    else if (kind <= 6) {
      // Mostly container facts: Pod-level ones (deletion, eviction) end a lifecycle early.
      const all = enabledEvents(engine, uid, at);
      const containers = all.filter((x) => x.type.startsWith('container.'));
      const options = pick % 4 !== 0 && containers.length > 0 ? containers : all;
      next = options[Math.floor(pick / 4) % Math.max(1, options.length)];
    } else if (kind === 8) {
      const change = changes[pick % changes.length]!;
      if (engine.check({ ...change, time: at }) === undefined) next = change;
    } else if (kind === 9) {
      const bad = illegalEvent(engine, uid, at, pick);
      next = bad?.event;
      refusal = bad?.refusal;
    }
    if (next !== undefined) {
      t += 1000;
      record({ ...next, time: at }, refusal);
    } else if (kind <= 3 || kind === 7) {
      t += CLOCK[pick % CLOCK.length]! * 1000;
      record({ stream: 'cluster', type: 'clock.advanced', time: iso(t), data: {} }, undefined);
    }
  }
  snapshot ??= { index: events.length, state: snapshotEngine(engine) };
  const trace: Trace = {
    profile: plan.profile,
    steps,
    snapshot,
    final: canonicalJSON(snapshotEngine(engine)),
  };
  return { profile: plan.profile, pod, uid, objects, events, setup: objects.length, trace };
}

/** A Pod or container fact the engine refuses now (there nearly always is one), for I13. */
function illegalEvent(
  engine: Engine,
  uid: string,
  at: string,
  pick: number,
): { event: UntimedEvent; refusal: string } | undefined {
  const pod = engine.pods.get(uid)!;
  const container = pod.ctx.containers[pick % pod.ctx.containers.length]!.ctx.name;
  const tries: [string, Record<string, unknown>][] = [
    ['container.started', { container }],
    ['container.exited', { container, exitCode: 1 }],
    ['container.probe.succeeded', { container, probe: 'liveness' }],
    ['container.prestop.completed', { container }],
    ['container.image.pulled', { container }],
    ['pod.sandbox.ready', { podIP: '10.244.0.5' }],
    ['pod.removed', {}],
  ];
  for (let i = 0; i < tries.length; i++) {
    const [type, data] = tries[(pick + i) % tries.length]!;
    const event = { stream: `pod/${uid}`, type, data };
    const refusal = engine.check({ ...event, time: at });
    if (refusal !== undefined) return { event, refusal: refusal.message };
  }
  return undefined;
}
