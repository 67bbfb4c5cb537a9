import fc from 'fast-check';
import { createEngine, type Engine } from '../engine/createEngine.js';
import { enabledEvents } from '../engine/enabledEvents.js';
import type { NodeLostProfile } from '../engine/env.js';
import { nextActions } from '../engine/nextActions.js';
import type { EventInput } from '../engine/types.js';
import { type BuiltInManifestName, builtInManifests } from './builtInManifests.js';
import { GIVEN_EPOCH } from './given.js';
import { ev, type Step } from './steps.js';

/** A generated lifecycle: the events to replay (a few deliberately illegal) and the profile. */
export interface Lifecycle {
  profile: NodeLostProfile;
  pods: BuiltInManifestName[];
  events: EventInput[];
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

/**
 * Turns a plan into events by driving a real engine: each choice picks a Pod and either its
 * natural next fact (nextActions), any enabled event (enabledEvents), a clock advance of
 * 1 s/10 s/5 m/11 m, a cluster change (Secret/ConfigMap applied or deleted, node lost or
 * recovered), or an illegal event that the engine must refuse without change (I13). Pure.
 */
export function buildLifecycle(plan: LifecyclePlan): Lifecycle {
  const engine = createEngine({ profile: plan.profile });
  const events: EventInput[] = [];
  let t = GIVEN_EPOCH;
  const push = (e: Omit<EventInput, 'time'>, dt = 1) => {
    t += dt * 1000;
    const full = { ...e, time: new Date(t).toISOString() };
    events.push(full);
    engine.apply(full);
  };
  const images = ['busybox:1.36', 'envoy:1.30', ...(plan.neverImageCached ? ['registry.local/app:1.0'] : [])];
  push(toInput(ev.nodeRegistered('node-1', { disktype: 'ssd' }, images)), 0);
  push(toInput(ev.nodeRegistered('node-2')), 0);
  plan.pods.forEach((name, i) => {
    push(toInput(ev.podCreated(builtInManifests[name], `u${i + 1}`)), 0);
  });
  for (const c of plan.choices) {
    const kind = c % 10;
    const pick = Math.floor(c / 10);
    const uid = `u${(pick % plan.pods.length) + 1}`;
    const at = new Date(t + 1000).toISOString();
    if (kind <= 3) {
      const [a] = nextActions(engine, uid, at);
      if (a) push(a);
      else push(toInput(ev.wait(CLOCK[pick % CLOCK.length]!)), CLOCK[pick % CLOCK.length]!);
    } else if (kind <= 6) {
      // Mostly container facts: Pod-level ones (deletion, eviction) end a lifecycle early.
      const all = enabledEvents(engine, uid, at);
      const containers = all.filter((x) => x.type.startsWith('container.'));
      const options = pick % 4 !== 0 && containers.length > 0 ? containers : all;
      const a = options[Math.floor(pick / 4) % Math.max(1, options.length)];
      if (a) push(a);
    } else if (kind === 7) {
      const dt = CLOCK[pick % CLOCK.length]!;
      push(toInput(ev.wait(dt)), dt);
    } else if (kind === 8) {
      const step = CLUSTER[pick % CLUSTER.length]!;
      if (engine.check({ ...toInput(step), time: at }) === undefined) push(toInput(step));
    } else {
      const bad = illegal(engine, uid, at, pick);
      if (bad) push(bad);
    }
  }
  return { profile: plan.profile, pods: plan.pods, events };
}

function toInput(s: Step): Omit<EventInput, 'time'> {
  return { stream: s.stream ?? 'pod/u1', type: s.type, data: s.data };
}

/** A container event the engine refuses now (there is nearly always one). */
function illegal(
  engine: Engine,
  uid: string,
  at: string,
  pick: number,
): Omit<EventInput, 'time'> | undefined {
  const pod = engine.pods.get(uid);
  if (pod === undefined) return undefined;
  const c = pod.ctx.containers[pick % pod.ctx.containers.length]!.ctx.name;
  const tries = [
    ev.started(c),
    ev.exited(c, 1),
    ev.probeOk(c, 'liveness'),
    ev.preStopDone(c),
    ev.pulled(c),
    ev.sandboxReady(),
    ev.removed(),
  ];
  for (let i = 0; i < tries.length; i++) {
    const e = { ...toInput(tries[(pick + i) % tries.length]!), stream: `pod/${uid}` };
    if (engine.check({ ...e, time: at }) !== undefined) return e;
  }
  return undefined;
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
