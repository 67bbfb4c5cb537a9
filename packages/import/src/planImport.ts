import { createEngine, type Engine, type EngineOptions, type EventInput } from '@podstate/core';
import {
  type DeriveContext,
  type DerivedFact,
  deriveFacts,
  eventIsAbout,
  NoLegalSequence,
  observedAt,
} from './deriveFacts.js';
import type { ObservedPod, Recording } from './parseRecording.js';

/** One observation of a Pod in a recording (a watch stream has several per Pod). */
export interface PodObservation {
  pod: ObservedPod;
  where: string;
  /** The instant it was made (its latest timestamp), ms. */
  at: number;
}

/** One Pod of a recording, as import planned it. */
export interface PodPlan {
  /** `namespace/name`. */
  name: string;
  uid: string;
  /** The last observation of the Pod (what `podstate get pods` must reproduce). */
  observed: ObservedPod;
  /** Where that observation is in the recording. */
  where: string;
  /** The instant the observation was made (its latest timestamp), ms. */
  observedAt: number;
  /** The watch said DELETED last. */
  deleted: boolean;
  /** Every observation of the Pod, oldest first; the last is `observed`. */
  observations: PodObservation[];
  /**
   * What the facts were derived from: every observation and the Events (`all`), every observation
   * (`observations`: the Events gave no legal sequence), or the last observation alone (`last`:
   * the earlier ones gave none).
   */
  derivedFrom: 'all' | 'observations' | 'last';
  /** The facts that lead to the observed status (empty when refused). */
  facts: DerivedFact[];
  /** Why nothing is appended for this Pod. */
  refused?: NoLegalSequence;
}

/** What import will append: each Pod's plan, and the accepted Pods' facts merged in time order. */
export interface ImportPlan {
  pods: PodPlan[];
  /** Every fact to append, in time order (Secrets/ConfigMaps first at equal times), as engine input. */
  events: (EventInput & { because: string })[];
}

const iso = (ms: number) => new Date(ms).toISOString();

function toInput(f: DerivedFact): EventInput & { because: string } {
  const e: EventInput & { because: string } = {
    stream: f.stream,
    type: f.type,
    time: iso(f.time),
    data: f.data,
    because: f.because,
  };
  if (f.subject !== undefined) e.subject = f.subject;
  return e;
}

/** Tries a Pod's facts on its own (after the facts already in `base`); returns the refusal, if any. */
function trial(
  facts: DerivedFact[],
  pod: string,
  options: EngineOptions,
  floor: number,
): NoLegalSequence | undefined {
  const engine = createEngine(options);
  for (const f of facts) {
    if (f.time < floor) {
      return new NoLegalSequence(
        pod,
        f.because,
        'event time never goes backwards in a log',
        `${f.type} at ${iso(f.time)} is earlier than the log's latest time ${iso(floor)}; import it into a new --log`,
      );
    }
    const r = engine.apply(toInput(f));
    if (!r.ok)
      return new NoLegalSequence(
        pod,
        f.because,
        r.rejection.message,
        `${f.type} at ${iso(f.time)} is refused`,
      );
  }
  return undefined;
}

/**
 * Plans the import of a recording: per Pod (by uid, else namespace/name) the last observation,
 * the facts that lead to it, and a trial replay of those facts on a fresh engine; Pods with no
 * legal sequence are refused with the field and rule. The accepted Pods' facts are merged in time
 * order, Secrets/ConfigMaps each applied once, and the clock advanced to the latest observation.
 * Pure.
 * @param engine the log's engine so far (its latest time is the floor; its objects are not reapplied).
 */
export function planImport(recording: Recording, engine?: Engine, options: EngineOptions = {}): ImportPlan {
  const byKey = new Map<string, { seen: PodObservation[]; deleted: boolean }>();
  for (const entry of recording.pods) {
    const m = entry.pod.metadata;
    const key = typeof m.uid === 'string' && m.uid !== '' ? m.uid : `${m.namespace ?? 'default'}/${m.name}`;
    const previous = byKey.get(key);
    if (entry.watchType === 'DELETED' && previous !== undefined) {
      previous.deleted = true;
      continue;
    }
    // Each observation of a watch is later than the one before (timestamps have 1 s resolution).
    const after = previous?.seen[previous.seen.length - 1]?.at;
    const at = Math.max(observedAt(entry.pod), after === undefined ? Number.NEGATIVE_INFINITY : after + 1);
    const o = { pod: entry.pod, where: entry.where, at };
    if (previous === undefined) byKey.set(key, { seen: [o], deleted: entry.watchType === 'DELETED' });
    else {
      previous.seen.push(o);
      previous.deleted = false;
    }
  }
  const floor = engine?.env.time ?? Number.NEGATIVE_INFINITY;
  const pods: PodPlan[] = [];
  for (const { seen, deleted } of byKey.values()) {
    const { pod, where, at } = seen[seen.length - 1]!;
    const name = `${pod.metadata.namespace ?? 'default'}/${pod.metadata.name}`;
    const uid =
      typeof pod.metadata.uid === 'string' && pod.metadata.uid !== ''
        ? pod.metadata.uid
        : `imported-${pod.metadata.namespace ?? 'default'}-${pod.metadata.name}`;
    const plan: PodPlan = {
      name,
      uid,
      observed: pod,
      where,
      observedAt: at,
      deleted,
      observations: seen,
      derivedFrom: 'last',
      facts: [],
    };
    const taken =
      engine?.names.get(name) ?? (engine?.pods.has(uid) || engine?.removed.has(uid) ? uid : undefined);
    if (taken !== undefined) {
      plan.refused = new NoLegalSequence(
        name,
        'metadata.name',
        'a live Pod name and a uid are used once',
        'the log already has this Pod',
      );
      pods.push(plan);
      continue;
    }
    // The richest context with a legal sequence: every observation and the Events, then every
    // observation, then the last one alone (whose refusal is the one reported).
    const earlier = seen.slice(0, -1);
    const events = recording.events.filter((e) => eventIsAbout(e, pod));
    const tries: [PodPlan['derivedFrom'], DeriveContext][] = [];
    if (events.length > 0) tries.push(['all', { earlier, events, at }]);
    if (earlier.length > 0) tries.push(['observations', { earlier, at }]);
    tries.push(['last', { at }]);
    for (const [from, context] of tries) {
      try {
        const facts = deriveFacts(pod, context);
        plan.refused = trial(facts, name, options, floor);
        if (plan.refused === undefined) {
          plan.facts = facts;
          plan.derivedFrom = from === 'all' && earlier.length === 0 ? 'all' : from;
          break;
        }
      } catch (e) {
        if (!(e instanceof NoLegalSequence)) throw e;
        plan.refused = e;
      }
    }
    pods.push(plan);
  }
  // Merge: one application of each Secret/ConfigMap (the union of the keys the Pods need).
  const objects = new Map<string, DerivedFact>();
  const merged: DerivedFact[] = [];
  for (const p of pods) {
    for (const f of p.facts) {
      if (f.type === 'secret.applied' || f.type === 'configmap.applied') {
        if (
          engine &&
          (engine.env.secrets.has(f.stream.slice(7)) || engine.env.configMaps.has(f.stream.slice(10)))
        )
          continue;
        const seen = objects.get(f.stream);
        if (seen !== undefined) {
          Object.assign(seen.data.data as object, f.data.data);
          seen.time = Math.min(seen.time, f.time);
          continue;
        }
        const copy = { ...f, data: { ...f.data, data: { ...(f.data.data as object) } } };
        objects.set(f.stream, copy);
        merged.push(copy);
      } else merged.push(f);
    }
  }
  // Nodes: once one is registered (an image a Pod needed was on it), every node an imported Pod is
  // bound to must be (pkg/scheduler NodeName filter over registered nodes); one registration each.
  const registrations = merged.filter((f) => f.type === 'node.registered');
  if (registrations.length > 0) {
    const nodes = new Map<string, DerivedFact>();
    for (const f of registrations) {
      const seen = nodes.get(f.stream);
      if (seen === undefined) nodes.set(f.stream, { ...f, data: { ...f.data } });
      else {
        seen.time = Math.min(seen.time, f.time);
        seen.data.labels = { ...(seen.data.labels as object), ...(f.data.labels as object) };
        seen.data.images = [...new Set([...(seen.data.images as string[]), ...(f.data.images as string[])])];
      }
    }
    for (const f of merged)
      if (f.type === 'pod.scheduled' && !nodes.has(`node/${f.data.node as string}`)) {
        const node = f.data.node as string;
        if (engine?.env.nodes.get(node)?.implicit === false) continue;
        nodes.set(`node/${node}`, {
          stream: `node/${node}`,
          type: 'node.registered',
          time: merged[0]!.time,
          data: { labels: {}, images: [] },
          because: 'another imported Pod registered its node',
        });
      }
    for (const [stream, f] of nodes) {
      const node = stream.slice(5);
      if (engine?.env.nodes.get(node)?.implicit === false) nodes.delete(stream);
      else if (f.time > merged[0]!.time) f.time = merged[0]!.time;
    }
    merged.splice(0, merged.length, ...merged.filter((f) => f.type !== 'node.registered'), ...nodes.values());
    // Labels the Pods' nodeSelectors need.
    for (const p of pods)
      for (const f of p.facts)
        if (f.type === 'pod.scheduled') {
          const sel = (p.observed.spec as { nodeSelector?: Record<string, string> }).nodeSelector ?? {};
          const reg = nodes.get(`node/${f.data.node as string}`);
          if (reg) reg.data.labels = { ...(reg.data.labels as object), ...sel };
        }
  }
  const order = new Map(merged.map((f, i) => [f, i]));
  const rank = (f: DerivedFact) => (f.stream.startsWith('pod/') ? 2 : f.stream.startsWith('node/') ? 0 : 1);
  merged.sort((a, b) => a.time - b.time || rank(a) - rank(b) || order.get(a)! - order.get(b)!);
  const events: (EventInput & { because: string })[] = [];
  // The clock moves to each earlier observation of an accepted Pod, so `conform` can compare it
  // with podstate's view at that instant.
  const accepted = pods.filter((p) => p.refused === undefined && p.facts.length > 0);
  const ticks = [...new Set(accepted.flatMap((p) => p.observations.slice(0, -1).map((o) => o.at)))].sort(
    (a, b) => a - b,
  );
  let k = 0;
  for (const f of merged) {
    while (k < ticks.length && ticks[k]! < f.time) {
      const at = ticks[k++]!;
      if (at > (events.length > 0 ? Date.parse(events[events.length - 1]!.time) : floor))
        events.push({
          stream: 'cluster',
          type: 'clock.advanced',
          time: iso(at),
          data: {},
          because: 'an earlier observation',
        });
    }
    events.push(toInput(f));
  }
  const lastTime = () => (events.length > 0 ? Date.parse(events[events.length - 1]!.time) : floor);
  for (; k < ticks.length; k++)
    if (ticks[k]! > lastTime())
      events.push({
        stream: 'cluster',
        type: 'clock.advanced',
        time: iso(ticks[k]!),
        data: {},
        because: 'an earlier observation',
      });
  if (accepted.length > 0) {
    const until = Math.max(...accepted.map((p) => p.observedAt));
    const lastFact = events.length > 0 ? lastTime() : until;
    // An image pull failure shows ImagePullBackOff once time moves on (DESIGN: image cache).
    const pullFailed = merged.some((f) => f.type === 'container.image.pull.failed' && f.time >= until);
    const at = Math.max(until, lastFact) + (pullFailed ? 1000 : 0);
    if (at > lastFact)
      events.push({
        stream: 'cluster',
        type: 'clock.advanced',
        time: iso(at),
        data: {},
        because: 'the time of observation',
      });
  }
  return { pods, events };
}
