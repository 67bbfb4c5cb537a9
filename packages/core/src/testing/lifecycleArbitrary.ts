import fc from 'fast-check';
import { createEngine, type Engine } from '../engine/createEngine.js';
import { chartsTake, enabledEvents, enabledPodFacts } from '../engine/enabledEvents.js';
import type { NodeLostProfile } from '../engine/env.js';
import { nextActions } from '../engine/nextActions.js';
import type { EventInput } from '../engine/types.js';
import { type BuiltInManifestName, builtInManifests } from './builtInManifests.js';
import { GIVEN_EPOCH } from './given.js';
import { ev, type Step } from './steps.js';
import { type Trace, TraceRecorder } from './trace.js';

/** A generated lifecycle: the events to replay (a few deliberately illegal), the profile, and the trace recorded while generating them. */
export interface Lifecycle {
  profile: NodeLostProfile;
  pods: BuiltInManifestName[];
  events: EventInput[];
  /** What the engine did with each event (the same as recordTrace(events, profile)). */
  trace: Trace;
}

/** The choices a lifecycle is built from; fast-check shrinks these. */
export interface LifecyclePlan {
  profile: NodeLostProfile;
  pods: BuiltInManifestName[];
  /** The Never-policy image is in node-1's cache from the start. */
  neverImageCached: boolean;
  choices: number[];
}

const CLOCK = [1, 10, 300, 660];
const CLUSTER: Step[] = [
  ev.secretApplied('db-creds'),
  ev.secretDeleted('db-creds'),
  ev.configMapApplied('app-config'),
  ev.configMapDeleted('app-config'),
  ev.nodeLost('node-1'),
  ev.nodeRecovered('node-1'),
];
/** `toISOString` of a time, formatted from the day's cached prefix while steps stay within a day (a step's hot path). */
let dayStart = Number.NaN;
let dayPrefix = '';
const pad2 = (n: number) => (n < 10 ? `0${n}` : `${n}`);
function iso(ms: number): string {
  const inDay = ms - dayStart;
  if (!(inDay >= 0 && inDay < 86_400_000)) {
    const s = new Date(ms).toISOString();
    dayPrefix = s.slice(0, s.indexOf('T') + 1);
    dayStart = ms - (((ms % 86_400_000) + 86_400_000) % 86_400_000);
    return s;
  }
  const h = Math.floor(inDay / 3_600_000);
  const m = Math.floor(inDay / 60_000) % 60;
  const sec = Math.floor(inDay / 1000) % 60;
  const milli = inDay % 1000;
  return `${dayPrefix}${pad2(h)}:${pad2(m)}:${pad2(sec)}.${milli < 10 ? '00' : milli < 100 ? '0' : ''}${milli}Z`;
}

/** An event without its time: the lifecycle driver stamps it. */
export type UntimedEvent = Omit<EventInput, 'time'>;

/** What {@link driveLifecycle} drives: an engine holding the starting objects, and where events go. */
export interface LifecycleDriver {
  engine: Engine;
  /** The Pods the lifecycle drives (each step picks a live one; removed Pods get no steps). */
  uids: readonly string[];
  /** Cluster changes a step may draw (Secrets/ConfigMaps applied or deleted, nodes lost or recovered). */
  changes: readonly UntimedEvent[];
  /** Time of the starting objects, ms; steps come 1 s apart, or later after a clock advance. */
  start: number;
  /**
   * Applies one event to `engine` and records it. `refusal` is set for a step meant to be
   * refused (engine.check's message, already known).
   */
  record(event: EventInput, refusal: string | undefined): void;
}

const PREPARE = ['container.image.pulling', 'container.created'] as const;

/**
 * The one lifecycle generator, shared by the property tests and `podstate explore`: turns choices
 * into events by driving a real engine. Each choice's last digit picks the kind of fact and the
 * rest picks among the options, for a live Pod: its natural next fact (nextActions; a clock
 * advance of 1 s/10 s/5 m/11 m when none is due), any enabled event (enabledEvents, mostly
 * container facts), a clock advance, a cluster change, or an event the engine must refuse (I13).
 * Deletion and eviction come in the last 40 % of the choices (or for 1 choice in 16), so most
 * lifecycles reach restarts, probe kills and hooks before the Pod ends; once every Pod is removed
 * the lifecycle stops (no ticks for removed Pods). Pure and deterministic.
 */
export function driveLifecycle(d: LifecycleDriver, choices: readonly number[]): void {
  const { engine } = d;
  let t = d.start;
  for (let index = 0; index < choices.length; index++) {
    const live = d.uids.filter((u) => engine.pods.has(u));
    if (live.length === 0) return;
    const c = choices[index]!;
    const kind = c % 10;
    const pick = Math.floor(c / 10);
    const uid = live[pick % live.length]!;
    const at = iso(t + 1000);
    let next: UntimedEvent | undefined;
    let refusal: string | undefined;
    if (kind <= 3) next = nextActions(engine, uid, at)[0];
    else if (kind <= 6) {
      const pod = engine.pods.get(uid)!;
      // Deletion while a postStart hook runs is a state of its own (the hook's result still comes).
      const hook = pod.ctx.containers.some((x) => x.value.startsWith('running.postStart'));
      const duringHook = hook && pick % 4 === 1;
      const late = index >= choices.length * 0.6 || pick % 16 === 15 || duringHook;
      // The kubelet's intermediate facts, which enabledEvents does not offer: a pull under way
      // (Pulling) and a created, not yet started, container.
      const slot = pod.ctx.containers[pick % pod.ctx.containers.length]!;
      const container = slot.ctx.name;
      // Mostly container facts: restarts, probe results, hooks, pulls. Drawn from the container
      // facts alone when they are not empty (pick % 4 !== 0), else from every enabled fact (the
      // Pod's, then its containers'); the Pod's facts are asked of the engine only then, and the
      // ending ones (deletion, eviction, removal) only late.
      const podFacts = () => enabledPodFacts(engine, uid, at, late);
      let options: UntimedEvent[] = [];
      if (duringHook) {
        const deletion = { type: 'pod.deletion.requested', data: {}, stream: `pod/${uid}` };
        if (engine.check({ ...deletion, time: at }) === undefined) options = [deletion];
      }
      if (options.length === 0) {
        const containers: UntimedEvent[] = enabledEvents(engine, uid, at, 'container');
        for (const type of PREPARE) {
          // A fact the charts have no transition for is refused: not asked (as in enabledEvents).
          if (!chartsTake(pod, slot, type)) continue;
          const e = { stream: `pod/${uid}`, type, data: { container } };
          if (engine.check({ ...e, time: at }) === undefined) containers.push(e);
        }
        options = pick % 4 !== 0 && containers.length > 0 ? containers : [...podFacts(), ...containers];
      }
      next = options[Math.floor(pick / 4) % Math.max(1, options.length)];
    } else if (kind === 8) {
      const change = d.changes[pick % Math.max(1, d.changes.length)];
      if (change !== undefined && engine.check({ ...change, time: at }) === undefined) next = change;
    } else if (kind === 9) {
      const bad = illegalEvent(engine, uid, at, pick);
      next = bad?.event;
      refusal = bad?.refusal;
    }
    if (next !== undefined) {
      t += 1000;
      d.record({ ...next, time: at }, refusal);
    } else if (kind <= 3 || kind === 7) {
      t += CLOCK[pick % CLOCK.length]! * 1000;
      d.record({ stream: 'cluster', type: 'clock.advanced', time: iso(t), data: {} }, undefined);
    }
  }
}

/** A Pod or container fact the engine refuses now (there nearly always is one), for I13. */
export function illegalEvent(
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

/**
 * Turns a plan into events with {@link driveLifecycle}: two nodes (node-1 `disktype: ssd` with
 * the pre-pulled images), the plan's Pods, then one step per choice, the cluster changes being a
 * Secret/ConfigMap applied or deleted and node-1 lost or recovered. Pure.
 */
export function buildLifecycle(plan: LifecyclePlan): Lifecycle {
  const engine = createEngine({ profile: plan.profile });
  const setup = 2 + plan.pods.length;
  const recorder = new TraceRecorder(engine, setup + Math.floor(plan.choices.length / 2));
  const at = iso(GIVEN_EPOCH);
  const start = (s: Step) => recorder.record({ ...toInput(s), time: at }, undefined);
  const images = ['busybox:1.36', 'envoy:1.30', ...(plan.neverImageCached ? ['registry.local/app:1.0'] : [])];
  start(ev.nodeRegistered('node-1', { disktype: 'ssd' }, images));
  start(ev.nodeRegistered('node-2'));
  plan.pods.forEach((name, i) => {
    start(ev.podCreated(builtInManifests[name], `u${i + 1}`));
  });
  driveLifecycle(
    {
      engine,
      uids: plan.pods.map((_, i) => `u${i + 1}`),
      changes: CLUSTER.map(toInput),
      start: GIVEN_EPOCH,
      record: (e, refusal) => recorder.record(e, refusal),
    },
    plan.choices,
  );
  return {
    profile: plan.profile,
    pods: plan.pods,
    events: recorder.events,
    trace: recorder.trace(plan.profile),
  };
}

function toInput(s: Step): UntimedEvent {
  return { stream: s.stream ?? 'pod/u1', type: s.type, data: s.data };
}

/** Constraints for {@link lifecycleArbitrary}. */
export interface LifecycleConstraints {
  /** Most choices (steps) per lifecycle; default 120. */
  maxSteps?: number;
  /** Most Pods per lifecycle; default 3. */
  maxPods?: number;
  /** Which built-in manifests to draw from; default all. */
  manifests?: BuiltInManifestName[];
}

/** The plan arbitrary (shrinkable choices) behind {@link lifecycleArbitrary}. */
export function lifecyclePlanArbitrary(k: LifecycleConstraints = {}): fc.Arbitrary<LifecyclePlan> {
  const names = k.manifests ?? (Object.keys(builtInManifests) as BuiltInManifestName[]);
  return fc.record({
    profile: fc.constantFrom<NodeLostProfile>('current', 'legacy'),
    pods: fc.shuffledSubarray(names, { minLength: 1, maxLength: Math.min(k.maxPods ?? 3, names.length) }),
    neverImageCached: fc.boolean(),
    choices: fc.array(fc.nat({ max: 9999 }), { maxLength: k.maxSteps ?? 120, size: 'max' }),
  });
}

/** Generated Pod lifecycles over the built-in manifests, drawn from enabled events so they reach deep states. */
export function lifecycleArbitrary(k: LifecycleConstraints = {}): fc.Arbitrary<Lifecycle> {
  return lifecyclePlanArbitrary(k).map(buildLifecycle);
}
