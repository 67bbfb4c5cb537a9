import {
  createEngine,
  type Engine,
  type EventInput,
  type KubeObject,
  type Node,
  type NodeLostProfile,
  type Pod,
} from '@podstate/core';
import type { Trace } from '@podstate/core/invariants';
import { driveLifecycle, TraceRecorder } from '@podstate/core/testing';
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

/** The Pod a plan drives, its uid and the documents it starts from. */
export interface PlanStart {
  pod: Pod;
  uid: string;
  objects: KubeObject[];
}

/** Where the plan's Pod starts, without driving anything. */
export function planStart(input: ExploreInput, plan: ExplorePlan): PlanStart {
  const pod = input.pods[plan.pod % input.pods.length]!;
  const uid = podUid(pod.metadata.namespace ?? 'default', pod.metadata.name, 0);
  return { pod, uid, objects: startingObjects(input, pod, plan) };
}

/** After how many events I1's snapshot is taken: half way through the plan's steps. */
export const snapshotIndex = (start: PlanStart, plan: ExplorePlan) =>
  start.objects.length + Math.floor(plan.choices.length / 2);

/**
 * Drives `engine` through a plan (the starting objects, then driveLifecycle), handing every event
 * to `record`, which applies it. Pure and deterministic.
 */
export function drivePlan(
  input: ExploreInput,
  plan: ExplorePlan,
  start: PlanStart,
  engine: Engine,
  record: (e: EventInput, refusal: string | undefined) => void,
  /** The Pod's cluster changes (clusterChanges), when the caller keeps them. */
  changes: readonly UntimedEvent[] = clusterChanges(start.pod, input),
): void {
  const { pod, uid, objects } = start;
  const at = iso(SCENARIO_START);
  for (const o of objects) record(objectEvent(o, at, o === pod ? uid : undefined), undefined);
  driveLifecycle({ engine, uids: [uid], changes, start: SCENARIO_START, record }, plan.choices);
}

/** What every lifecycle of the same Pod and `cacheNeverImages` starts from, worked out once per input. */
const starts = new WeakMap<ExploreInput, Map<string, { start: PlanStart; changes: UntimedEvent[] }>>();

/**
 * planStart and the Pod's clusterChanges, kept per input (both are pure functions of the input,
 * the Pod and `cacheNeverImages`): explore's checkPlan asks for them once per lifecycle. Nothing
 * kept is changed afterwards (events are built from them, never into them).
 */
export function cachedStart(
  input: ExploreInput,
  plan: ExplorePlan,
): { start: PlanStart; changes: readonly UntimedEvent[] } {
  let byPlan = starts.get(input);
  if (byPlan === undefined) {
    byPlan = new Map();
    starts.set(input, byPlan);
  }
  const key = `${plan.pod % input.pods.length}/${plan.cacheNeverImages}`;
  let kept = byPlan.get(key);
  if (kept === undefined) {
    const start = planStart(input, plan);
    kept = { start, changes: clusterChanges(start.pod, input) };
    byPlan.set(key, kept);
  }
  return kept;
}

/**
 * Builds a lifecycle from a plan with core's shared lifecycle generator (driveLifecycle, the one
 * the property tests use), recording the trace as it goes (one pass: the events are applied once
 * here, and the checkers replay them again for I1). Each choice picks the Pod's natural next fact
 * (nextActions), any enabled event (enabledEvents; deletion and eviction late), a clock advance of
 * 1 s/10 s/5 m/11 m, a cluster change, or an event the engine must refuse (I13). The lifecycle
 * ends once the Pod is removed. Pure and deterministic.
 */
export function generateLifecycle(input: ExploreInput, plan: ExplorePlan): ExploredLifecycle {
  const start = planStart(input, plan);
  const engine = createEngine({ profile: plan.profile });
  const recorder = new TraceRecorder(engine, snapshotIndex(start, plan));
  drivePlan(input, plan, start, engine, (e, refusal) => recorder.record(e, refusal));
  const events = recorder.events;
  const trace = recorder.trace(plan.profile);
  const { pod, uid, objects } = start;
  return { profile: plan.profile, pod, uid, objects, events, setup: objects.length, trace };
}
