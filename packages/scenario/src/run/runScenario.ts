import {
  type Engine,
  type EventInput,
  nextActions,
  type PodState,
  PodstateError,
  type RefusalCode,
} from '@podstate/core';
import { validateObjectEvent } from '@podstate/core/internal';
import { foldEvent, type StatusProjection, TimelineProjection } from '@podstate/projections';
import { formatDuration, type Scenario, type ScenarioStep } from '../parse/index.js';
import { didYouMean } from '../suggest.js';
import { type ConfigEvent, isConfigEvent } from './configEvents.js';
import { checkExpectation, type ExtraViews, type Mismatch } from './expectations.js';
import type { RunInputs } from './inputs.js';
import { podView } from './podView.js';
import { objectEvent, type PlannedEvent, podUid } from './toEvents.js';

/** A Pod as a step leaves it: what `podstate run` prints after the step. */
export interface PodSnapshot {
  phase?: string;
  /** The kubectl STATUS, READY and RESTARTS cells. */
  status: string;
  ready: string;
  restarts: string;
}

/** What one step of a run did, as data: its facts, the Pod it left, what it checked. */
export interface StepResult {
  /** `[+10s]`: the step's time from the run's start. */
  label: string;
  /** The step's time, ms. */
  time: number;
  kind: 'wait' | 'expect' | 'event' | 'reject' | 'end';
  /** The step's `after`, for a wait step. */
  after?: number;
  /** Where the step is written (file, line, field path); absent for the end of the run. */
  where?: string;
  /** The natural facts the auto-driver produced before the step, in order. */
  auto: PlannedEvent[];
  /** The step's own event (event and reject steps). */
  event?: PlannedEvent;
  /** A reject step: the refusal, when the engine refused as expected. */
  refusal?: string;
  /** A reject step whose event the engine accepted: the step failed. */
  accepted?: boolean;
  /** The Pod after the step when the run has one Pod, or the Pod an expect step checked; 'removed' once it is gone. */
  pod?: PodSnapshot | 'removed';
  /** Every Pod of the run after the step, by name (namespace/name outside default); absent for reject and refused steps. */
  pods?: Record<string, PodSnapshot | 'removed'>;
  /** The Pod the step named (`pod:`), in a run with several Pods. */
  target?: string;
  /** An expect step: the differences found (empty: as expected). */
  mismatches?: Mismatch[];
}

/** What a run produced: the events to append, each step's result, and its failures. */
export interface RunResult {
  /** The run's Pods, by name (namespace/name outside default), in file order. */
  pods?: string[];
  events: PlannedEvent[];
  steps: StepResult[];
  failures: { where: string; what: string; mismatches?: Mismatch[] }[];
  /**
   * A step that cannot run (a refused event without `reject: true`, steps out of time order):
   * the run stops there; `steps` holds the trace up to it and nothing may be appended.
   */
  error?: PodstateError;
}

/** Where a run starts: after the log's last event, or at a fixed epoch for a new log. */
export const SCENARIO_EPOCH = Date.parse('2026-01-01T00:00:00.000Z');

/** The last instant an RFC 3339 time with a four-digit year can name. */
const LAST_TIME = Date.parse('9999-12-31T23:59:59.999Z');

const iso = (ms: number) => new Date(ms).toISOString();
/** Refusals of an object the log already holds (a second run against the same log). */
const ALREADY_THERE = new Set<RefusalCode>(['node_already_registered', 'uid_reused', 'name_taken']);
// Secret values never reach the output: a secret event shows its keys only.
const shown = (e: { type: string; data: Record<string, unknown> }) =>
  e.type.startsWith('secret.') && e.data.data
    ? {
        ...e.data,
        data: Object.fromEntries(Object.keys(e.data.data as object).map((k) => [k, '<redacted>'])),
      }
    : e.data;
/** One line for an event, as `podstate run` prints it (Secret values redacted, manifests left out). */
export const summarizeEvent = (e: { type: string; data: Record<string, unknown> }) =>
  `${e.type}${Object.entries(shown(e))
    .filter(([k]) => k !== 'manifest')
    .map(([k, v]) => ` ${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`)
    .join('')}`;

function streamFor(step: { type: string; data: Record<string, unknown> }, podStream: string): string {
  const d = step.data;
  if (step.type.startsWith('node.')) return `node/${d.node}`;
  if (step.type.startsWith('secret.')) return `secret/${d.namespace ?? 'default'}/${d.name}`;
  if (step.type.startsWith('configmap.')) return `configmap/${d.namespace ?? 'default'}/${d.name}`;
  if (step.type === 'clock.advanced') return 'cluster';
  return podStream;
}

/**
 * Plays a scenario against an engine (already holding the log's history): applies the objects,
 * then each step, with the auto-driver producing the natural facts between them. Refused events
 * (without `reject: true`) and bad steps throw bad_input: the caller then appends nothing.
 */
export function runScenario(
  engine: Engine,
  status: StatusProjection,
  inputs: RunInputs,
  start: number,
  extraFor: (pod: PodState, now: number) => ExtraViews,
  configEvents: ConfigEvent[],
): RunResult {
  const scenario: Scenario = inputs.scenario ?? {
    auto: true,
    profile: 'current',
    steps: [],
    file: '',
    line: 0,
  };
  const result: RunResult = { events: [], steps: [], failures: [] };
  let now = start;
  // The Events `describe` lists, for `expect.events`: the run's Pods are new, so folding from here
  // sees every Event of theirs.
  const timeline = new TimelineProjection();
  /** When each probe (`stream\0container\0probe`) last gave a result in this run, ms. */
  const lastProbe = new Map<string, number>();
  const apply = (e: PlannedEvent): boolean => {
    const r = foldEvent(engine, e as EventInput, [status, timeline]);
    if (!r.ok) return false;
    if (e.type === 'container.probe.succeeded' || e.type === 'container.probe.failed') {
      lastProbe.set(`${e.stream}\0${e.data.container}\0${e.data.probe}`, r.transition.time);
    }
    if (isConfigEvent(e.type)) configEvents.push(e);
    result.events.push(e);
    return true;
  };
  const fresh = engine.env.time === Number.NEGATIVE_INFINITY;
  if (fresh) engine.env.profile = scenario.profile;
  else if (inputs.scenario && engine.env.profile !== scenario.profile) {
    throw new PodstateError(
      'bad_input',
      `${scenario.file}:${scenario.line}: spec.profile is ${scenario.profile} but the log was written with profile ${engine.env.profile}: use another --log`,
    );
  }
  const firstMeta = fresh && scenario.profile === 'legacy' ? { profile: 'legacy' } : undefined;
  /** Every Pod of the files, in file order: all of them are driven. */
  const pods: { uid: string; namespace: string; name: string }[] = [];
  for (const { object, doc } of inputs.objects) {
    let podId: string | undefined;
    if (object.kind === 'Pod') {
      const ns = object.metadata.namespace ?? 'default';
      let n = 0;
      while (
        engine.pods.has(podUid(ns, object.metadata.name, n)) ||
        engine.removed.has(podUid(ns, object.metadata.name, n))
      )
        n++;
      podId = podUid(ns, object.metadata.name, n);
      pods.push({ uid: podId, namespace: ns, name: object.metadata.name });
    }
    const e = objectEvent(object, iso(now), podId);
    if (result.events.length === 0 && firstMeta) e.meta = firstMeta;
    if (!apply(e)) {
      const why = engine.check(e as EventInput);
      const earlier = why !== undefined && ALREADY_THERE.has(why.code);
      throw new PodstateError(
        'bad_input',
        `${doc.file}:${doc.line}: ${object.kind} ${object.metadata.name} refused: ${why?.message}${earlier ? '. The log already holds it from an earlier run: give another --log to start afresh' : ''}`,
      );
    }
  }
  const single = pods.length === 1;
  const podKey = (p: { namespace: string; name: string }) =>
    pods.some((q) => q !== p && q.name === p.name) || p.namespace !== 'default'
      ? `${p.namespace}/${p.name}`
      : p.name;
  result.pods = pods.map(podKey);
  const findPod = (name: string) => pods.find((p) => p.name === name || `${p.namespace}/${p.name}` === name);
  let defaultPod: (typeof pods)[number] | undefined;
  if (scenario.pod !== undefined) {
    defaultPod = findPod(scenario.pod);
    if (defaultPod === undefined)
      throw new PodstateError(
        'bad_input',
        `${scenario.file}:${scenario.line}: spec.pod "${scenario.pod}" names no Pod of the files (Pods: ${result.pods.join(', ')})`,
      );
  } else if (single) defaultPod = pods[0];
  /** The Pod a step is about: its `pod:`, else spec.pod, else the only Pod. */
  const podOf = (step: { pod?: string }, where: string) => {
    if (step.pod !== undefined) {
      const p = findPod(step.pod);
      if (p === undefined) {
        throw new PodstateError(
          'bad_input',
          `${where}.pod: "${step.pod}" names no Pod of the files. ${didYouMean(step.pod, result.pods!)}`,
        );
      }
      return p;
    }
    if (defaultPod === undefined) {
      throw new PodstateError(
        'bad_input',
        `${where}: the files hold ${pods.length} Pods: name the step's Pod with pod: <name> (${result.pods!.join(', ')})`,
      );
    }
    return defaultPod;
  };
  // The kubelet probes every periodSeconds (default 10): after a probe result, the next one is
  // due only that much later (prober worker.go doProbe on its ticker). doProbe also gives no
  // result while less than initialDelaySeconds have passed since the container's start.
  const probeDue = (uid: string, container: string, probe: 'startup' | 'readiness', at: number) => {
    const p = engine.pods.get(uid);
    const i = p?.ctx.byName[container];
    const slot = i === undefined ? undefined : p!.ctx.containers[i]!;
    const spec = probe === 'startup' ? slot?.ctx.spec.startupProbe : slot?.ctx.spec.readinessProbe;
    const startedAt = slot?.ctx.startedAt;
    if (startedAt !== undefined && at < startedAt + (spec?.initialDelaySeconds ?? 0) * 1000) return false;
    const last = lastProbe.get(`pod/${uid}\0${container}\0${probe}`);
    return last === undefined || at >= last + (spec?.periodSeconds ?? 10) * 1000;
  };
  /** The auto-driver's facts since the last step. */
  let produced: PlannedEvent[] = [];
  // Every live Pod takes one natural fact per round, in file order, until none has one due (or
  // `until` holds: the step's event has become legal).
  const auto = (at: number, until?: () => boolean) => {
    if (!scenario.auto) return;
    for (let round = 0; round < 1000; round++) {
      let progressed = false;
      for (const { uid } of pods) {
        if (until?.()) return;
        const p = engine.pods.get(uid);
        if (p === undefined) continue;
        const [a] = nextActions(engine, uid, iso(at), {
          probeDue: (c, probe) => probeDue(uid, c, probe, at),
        });
        if (a === undefined) continue;
        const e: PlannedEvent = { ...a, time: iso(at), subject: `${p.ctx.namespace}/${p.ctx.name}` };
        if (!apply(e))
          throw new Error(`auto-driver: natural fact refused: ${engine.check(e as EventInput)?.message}`);
        produced.push(e);
        progressed = true;
      }
      if (!progressed) return;
    }
  };
  const tick = (at: number) => {
    if (at > (engine.env.time ?? 0))
      apply({ stream: 'cluster', type: 'clock.advanced', time: iso(at), data: {} });
  };
  const snapshotOf = (uid: string): PodSnapshot | 'removed' => {
    const p = engine.pods.get(uid);
    if (p === undefined) return 'removed';
    const v = podView(engine, status, p, now);
    return {
      phase: v.object.status?.phase,
      status: v.row.status,
      ready: v.row.ready,
      restarts: v.row.restarts,
    };
  };
  const snapshots = () =>
    Object.fromEntries(pods.map((p) => [podKey(p), snapshotOf(p.uid)])) as Record<
      string,
      PodSnapshot | 'removed'
    >;
  /** Records a step with the auto-driver's facts that came before it and every Pod after it. */
  const record = (step: Omit<StepResult, 'auto' | 'pods'>, shown = true): StepResult => {
    const r: StepResult = { ...step, auto: produced, ...(shown ? { pods: snapshots() } : {}) };
    if (shown && single) r.pod = snapshotOf(pods[0]!.uid);
    produced = [];
    result.steps.push(r);
    return r;
  };
  let prev = start;
  try {
    for (const step of scenario.steps as ScenarioStep[]) {
      const at = 'at' in step.timing ? start + step.timing.at : prev + step.timing.after;
      const where = `${step.source.file}:${step.source.line} (${step.source.path})`;
      if (at > LAST_TIME)
        throw new PodstateError(
          'bad_input',
          `${where}: the step falls after 9999-12-31T23:59:59.999Z, the last time an RFC 3339 event time can hold; shorten at/after`,
        );
      if (at < prev)
        throw new PodstateError(
          'bad_input',
          `${where}: at ${formatDuration(at - start)} is before the previous step (${formatDuration(prev - start)}): steps run in time order`,
        );
      prev = at;
      now = at;
      const label = `[+${formatDuration(at - start)}]`;
      if (step.kind === 'wait') {
        auto(at);
        tick(at);
        const after = 'after' in step.timing ? step.timing.after : 0;
        record({ label, time: at, kind: 'wait', after, where });
        continue;
      }
      if (step.kind === 'expect') {
        const target = podOf(step, `${step.source.file}:${step.source.line} (${step.source.path})`);
        auto(at);
        tick(at);
        const p = engine.pods.get(target.uid);
        const mismatches =
          p === undefined
            ? step.expect.removed === true
              ? []
              : step.expect.removed === false
                ? [{ key: 'removed', expected: false, actual: true }]
                : [{ key: 'pod', expected: 'a live Pod', actual: 'removed' }]
            : (() => {
                const v = podView(engine, status, p, now);
                const events = timeline.events(target.uid);
                return checkExpectation(step.expect, v.object, v.row, extraFor(p, now), events);
              })();
        const r = record({ label, time: at, kind: 'expect', where, mismatches, target: podKey(target) });
        if (!single) r.pod = snapshotOf(target.uid);
        if (mismatches.length > 0) result.failures.push({ where, what: 'expectation failed', mismatches });
        continue;
      }
      const e: PlannedEvent = { stream: '', type: step.type, time: iso(at), data: step.data };
      const isPodEvent = !/^(node|secret|configmap|clock)\./.test(step.type);
      const target = isPodEvent ? podOf(step, where) : undefined;
      const podStream = target ? `pod/${target.uid}` : '';
      e.stream = streamFor(e, podStream);
      if (target) {
        const p = engine.pods.get(target.uid);
        e.subject = `${p?.ctx.namespace ?? target.namespace}/${p?.ctx.name ?? target.name}`;
      }
      if (!step.reject) auto(at, () => engine.check(e as EventInput) === undefined);
      const invalid = validateObjectEvent(e.type, e.stream, e.data);
      const why = invalid ?? engine.check(e as EventInput)?.message;
      const named = target && !single ? { target: podKey(target) } : {};
      if (step.reject) {
        if (why === undefined) {
          apply(e);
          result.failures.push({ where, what: `${step.type} was accepted, but the step says reject: true` });
          record({ label, time: at, kind: 'reject', where, event: e, accepted: true, ...named }, false);
        } else {
          record({ label, time: at, kind: 'reject', where, event: e, refusal: why, ...named }, false);
        }
        continue;
      }
      if (why !== undefined) {
        record({ label, time: at, kind: 'event', where, event: e, refusal: why, ...named }, false);
        throw new PodstateError(
          'bad_input',
          `${where}: ${why}. Fix the step, or add reject: true if the refusal is what the scenario checks`,
        );
      }
      apply(e);
      record({ label, time: at, kind: 'event', where, event: e, ...named });
    }
  } catch (error) {
    if (!(error instanceof PodstateError)) throw error;
    // The trace up to the step that cannot run is kept for the caller to show; nothing is appended.
    result.error = error;
    return result;
  }
  auto(now);
  record({ label: `[+${formatDuration(now - start)}]`, time: now, kind: 'end' });
  return result;
}
