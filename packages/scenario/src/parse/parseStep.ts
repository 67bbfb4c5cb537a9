import { EVENT_TYPES, isEventType } from '@podstate/core';
import { checkEventData } from '@podstate/core/internal';
import { didYouMean } from '../suggest.js';
import { isMapping, readBoolean } from './fieldReaders.js';
import { parseDuration } from './parseDuration.js';
import { parseExpectation } from './parseExpectation.js';
import { type FieldPath, formatPath, type ScenarioProblems } from './ScenarioProblems.js';
import type { ScenarioStep, StepTiming } from './types.js';

const TYPE = /^[a-z][a-z0-9-]*(?:\.[a-z][a-z0-9-]*)+$/;
const STEP_KEYS = ['event', 'expect', 'pod', 'at', 'after', 'reject'] as const;

function readTiming(p: ScenarioProblems, path: FieldPath, step: Record<string, unknown>): StepTiming {
  if (step.at !== undefined && step.after !== undefined) {
    p.add(
      [...path, 'after'],
      'a step has either at (from the start) or after (from the previous step), not both',
    );
    return { after: 0 };
  }
  const key = step.at !== undefined ? 'at' : step.after !== undefined ? 'after' : undefined;
  if (key === undefined) return { after: 0 };
  const raw = step[key];
  if (typeof raw === 'number' && raw !== 0) {
    p.add([...path, key], `${raw} has no unit; write e.g. ${raw}s or ${raw}ms`);
    return { after: 0 };
  }
  const parsed = parseDuration(String(raw));
  if ('error' in parsed) {
    p.add([...path, key], parsed.error);
    return { after: 0 };
  }
  return key === 'at' ? { at: parsed.ms } : { after: parsed.ms };
}

/**
 * Parses `spec.steps[i]`: an event step (`event:` with data fields beside it), an `expect:` step,
 * or a wait (`after:`/`at:` alone). Problems go to `p`; the result is undefined when the step's
 * shape cannot be recognised.
 */
export function parseStep(p: ScenarioProblems, path: FieldPath, v: unknown): ScenarioStep | undefined {
  const source = { file: p.doc.file, line: p.lineOf(path), path: formatPath(path), segments: path };
  if (!isMapping(v)) {
    p.add(
      path,
      `a step is a mapping: {event: <type>, …}, {expect: {…}} or {after: 30s}; got ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  const timing = readTiming(p, path, v);
  let pod: string | undefined;
  if (v.pod !== undefined) {
    if (typeof v.pod === 'string' && v.pod.length > 0) pod = v.pod;
    else
      p.add(
        [...path, 'pod'],
        `pod names a Pod of the files: <name> or <namespace>/<name>; got ${JSON.stringify(v.pod)}`,
      );
    if (v.event === undefined && v.expect === undefined) {
      p.add([...path, 'pod'], 'pod applies to event and expect steps; add event: <type> or expect: {…}');
    }
  }
  if (v.event !== undefined && v.expect !== undefined) {
    p.add(
      path,
      'a step is either an event or an expect, not both; split it into two steps (the second with after: 0s)',
    );
    return undefined;
  }
  if (v.event !== undefined) {
    if (typeof v.event !== 'string' || !TYPE.test(v.event)) {
      p.add(
        [...path, 'event'],
        `${JSON.stringify(v.event)} is not an event type; write a lowercase fact such as container.started`,
      );
    }
    const reject = v.reject === undefined ? false : (readBoolean(p, [...path, 'reject'], v.reject) ?? false);
    const data: Record<string, unknown> = {};
    for (const [k, value] of Object.entries(v))
      if (!(STEP_KEYS as readonly string[]).includes(k))
        Object.defineProperty(data, k, { value, enumerable: true, writable: true, configurable: true });
    // The catalogue's check, the same the engine and append run: the step's data must be the event's.
    if (typeof v.event === 'string' && TYPE.test(v.event)) {
      if (!isEventType(v.event)) {
        p.add([...path, 'event'], `unknown event type "${v.event}". ${didYouMean(v.event, EVENT_TYPES)}`);
      } else {
        for (const problem of checkEventData(v.event, data)) {
          const field = problem.path.length > 0 ? [...path, ...problem.path] : path;
          p.add(field, `${v.event}: ${problem.message}`);
        }
      }
    }
    return { kind: 'event', timing, type: String(v.event), data, reject, source, ...(pod ? { pod } : {}) };
  }
  const extra = Object.keys(v).filter((k) => !['expect', 'pod', 'at', 'after'].includes(k));
  for (const k of extra) {
    const why =
      k === 'reject'
        ? 'reject applies only to event steps; add event: <type> or remove reject'
        : `unknown step key: a step needs event: <type>, expect: {…} or only after:/at:. ${didYouMean(k, STEP_KEYS)}`;
    p.add([...path, k], why);
  }
  if (v.expect !== undefined)
    return {
      kind: 'expect',
      timing,
      expect: parseExpectation(p, [...path, 'expect'], v.expect),
      source,
      ...(pod ? { pod } : {}),
    };
  if (v.at === undefined && v.after === undefined) {
    if (extra.length === 0) p.add(path, 'an empty step does nothing; give event:, expect: or after:');
    return undefined;
  }
  return extra.length === 0 ? { kind: 'wait', timing, source } : undefined;
}
