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

/** What a run produced: the events to append, the lines to print, and its failures. */
export interface RunResult {
  events: PlannedEvent[];
  lines: string[];
  failures: { where: string; what: string; mismatches?: Mismatch[] }[];
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
const summary = (e: { type: string; data: Record<string, unknown> }) =>
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
  const result: RunResult = { events: [], lines: [], failures: [] };
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
  const auto = (at: number, until?: () => boolean) => {
    if (!scenario.auto || pod() === undefined) return;
    for (let i = 0; i < 1000 && !until?.(); i++) {
      const p = pod();
      const [a] = p === undefined ? [] : nextActions(engine, uid!, iso(at));
      if (a === undefined) break;
      const e: PlannedEvent = { ...a, time: iso(at), subject: `${p!.ctx.namespace}/${p!.ctx.name}` };
      if (!apply(e))
        throw new Error(`auto-driver: natural fact refused: ${engine.check(e as EventInput)?.message}`);
      result.lines.push(`  · ${summary(a)}`);
    }
  };
  const tick = (at: number) => {
    if (at > (engine.env.time ?? 0))
      apply({ stream: 'cluster', type: 'clock.advanced', time: iso(at), data: {} });
  };
  const show = (label: string) => {
    const p = pod();
    if (p === undefined) {
      result.lines.push(`${label}  →  removed`);
      return;
    }
    const v = podView(engine, status, p, now);
    const r = v.row;
    result.lines.push(
      `${label}  →  phase=${v.object.status?.phase} status=${r.status} ready=${r.ready} restarts=${r.restarts}`,
    );
  };
  let prev = start;
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
      show(`${label} after ${formatDuration('after' in step.timing ? step.timing.after : 0)}`);
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
      show(`${label} expect`);
      if (mismatches.length > 0) {
        result.failures.push({ where, what: 'expectation failed', mismatches });
        for (const m of mismatches) {
          result.lines.push(
            `  ✗ ${m.key}: expected ${JSON.stringify(m.expected)}, got ${JSON.stringify(m.actual)}`,
          );
        }
      } else {
        result.lines.push('  ✓ as expected');
      }
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
        result.lines.push(`  ✗ ${summary(e)} was accepted (reject: true expected a refusal)`);
      } else {
        result.lines.push(`${label} ${summary(e)} refused as expected: ${why}`);
      }
      continue;
    }
    if (why !== undefined) {
      throw new PodstateError(
        'bad_input',
        `${where}: ${why}. Fix the step, or add reject: true if the refusal is what the scenario checks`,
      );
    }
    apply(e);
    show(`${label} ${summary(e)}`);
  }
  auto(now);
  show(`[+${formatDuration(now - start)}] end`);
  return result;
}
