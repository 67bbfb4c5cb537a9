import {
  type Engine,
  type EventInput,
  nextActions,
  type PodState,
  PodstateError,
  type RefusalCode,
} from '@podstate/core';
import { validateObjectEvent } from '@podstate/core/internal';
import type { StatusProjection } from '@podstate/projections';
import { formatDuration, type Scenario, type ScenarioStep } from '../parse/index.js';
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
  /** The Pod after the step (not shown for reject steps); 'removed' once it is gone. */
  pod?: PodSnapshot | 'removed';
  /** An expect step: the differences found (empty: as expected). */
  mismatches?: Mismatch[];
}

/** What a run produced: the events to append, each step's result, and its failures. */
export interface RunResult {
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
  const apply = (e: PlannedEvent): boolean => {
    const r = engine.apply(e as EventInput);
    if (!r.ok) return false;
    status.apply(engine, r.transition);
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
  let uid: string | undefined;
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
      if (
        scenario.pod === undefined ||
        scenario.pod === object.metadata.name ||
        scenario.pod === `${ns}/${object.metadata.name}`
      ) {
        if (uid !== undefined && scenario.pod === undefined) {
          throw new PodstateError(
            'bad_input',
            `${doc.file}:${doc.line}: more than one Pod: name the one the steps drive with spec.pod in the Scenario`,
          );
        }
        uid ??= podId;
      }
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
  if (uid === undefined)
    throw new PodstateError(
      'bad_input',
      `${scenario.file}:${scenario.line}: spec.pod "${scenario.pod}" names no Pod of the files`,
    );
  const pod = () => engine.pods.get(uid!);
  const podStream = `pod/${uid}`;
  /** The auto-driver's facts since the last step. */
  let produced: PlannedEvent[] = [];
  const auto = (at: number, until?: () => boolean) => {
    if (!scenario.auto || pod() === undefined) return;
    for (let i = 0; i < 1000 && !until?.(); i++) {
      const p = pod();
      const [a] = p === undefined ? [] : nextActions(engine, uid!, iso(at));
      if (a === undefined) break;
      const e: PlannedEvent = { ...a, time: iso(at), subject: `${p!.ctx.namespace}/${p!.ctx.name}` };
      if (!apply(e))
        throw new Error(`auto-driver: natural fact refused: ${engine.check(e as EventInput)?.message}`);
      produced.push(e);
    }
  };
  const tick = (at: number) => {
    if (at > (engine.env.time ?? 0))
      apply({ stream: 'cluster', type: 'clock.advanced', time: iso(at), data: {} });
  };
  const snapshot = (): PodSnapshot | 'removed' => {
    const p = pod();
    if (p === undefined) return 'removed';
    const v = podView(engine, status, p, now);
    return {
      phase: v.object.status?.phase,
      status: v.row.status,
      ready: v.row.ready,
      restarts: v.row.restarts,
    };
  };
  /** Records a step with the auto-driver's facts that came before it. */
  const record = (step: Omit<StepResult, 'auto'>): StepResult => {
    const r: StepResult = { ...step, auto: produced };
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
        record({ label, time: at, kind: 'wait', after, where, pod: snapshot() });
        continue;
      }
      if (step.kind === 'expect') {
        auto(at);
        tick(at);
        const p = pod();
        const mismatches =
          p === undefined
            ? [{ key: 'pod', expected: 'a live Pod', actual: 'removed' }]
            : (() => {
                const v = podView(engine, status, p, now);
                return checkExpectation(step.expect, v.object, v.row, extraFor(p, now));
              })();
        record({ label, time: at, kind: 'expect', where, pod: snapshot(), mismatches });
        if (mismatches.length > 0) result.failures.push({ where, what: 'expectation failed', mismatches });
        continue;
      }
      const e: PlannedEvent = { stream: '', type: step.type, time: iso(at), data: step.data };
      e.stream = streamFor(e, podStream);
      if (e.stream === podStream) e.subject = `${pod()?.ctx.namespace}/${pod()?.ctx.name}`;
      if (!step.reject) auto(at, () => engine.check(e as EventInput) === undefined);
      const invalid = validateObjectEvent(e.type, e.stream, e.data);
      const why = invalid ?? engine.check(e as EventInput)?.message;
      if (step.reject) {
        if (why === undefined) {
          apply(e);
          result.failures.push({ where, what: `${step.type} was accepted, but the step says reject: true` });
          record({ label, time: at, kind: 'reject', where, event: e, accepted: true });
        } else {
          record({ label, time: at, kind: 'reject', where, event: e, refusal: why });
        }
        continue;
      }
      if (why !== undefined) {
        record({ label, time: at, kind: 'event', where, event: e, refusal: why });
        throw new PodstateError(
          'bad_input',
          `${where}: ${why}. Fix the step, or add reject: true if the refusal is what the scenario checks`,
        );
      }
      apply(e);
      record({ label, time: at, kind: 'event', where, event: e, pod: snapshot() });
    }
  } catch (error) {
    if (!(error instanceof PodstateError)) throw error;
    // The trace up to the step that cannot run is kept for the caller to show; nothing is appended.
    result.error = error;
    return result;
  }
  auto(now);
  record({ label: `[+${formatDuration(now - start)}]`, time: now, kind: 'end', pod: snapshot() });
  return result;
}
