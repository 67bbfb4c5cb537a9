import {
  checkKeys,
  readBoolean,
  readEnum,
  readInteger,
  readMapping,
  readString,
  setIf,
} from './fieldReaders.js';
import { parseExpectedFiles } from './parseExpectedFiles.js';
import type { FieldPath, ScenarioProblems } from './ScenarioProblems.js';
import type { ConditionExpectation, ContainerExpectation, EventExpectation, Expectation } from './types.js';

/** A string, or null for "unset" (`podIP: null`, `reason: null`). */
function readStringOrNull(p: ScenarioProblems, path: FieldPath, v: unknown): string | null | undefined {
  return v === null ? null : readString(p, path, v);
}

/** kubectl's RESTARTS cell: `2`, or `"2 (10s ago)"` as printPod writes it. */
function readRestarts(p: ScenarioProblems, path: FieldPath, v: unknown): number | string | undefined {
  if (typeof v === 'number') return readInteger(p, path, v);
  if (typeof v === 'string' && /^\d+ \(\S+ ago\)$/.test(v)) return v;
  p.add(
    path,
    `${JSON.stringify(v)} is not kubectl's RESTARTS cell; write the count (2) or the whole cell in quotes, e.g. "2 (10s ago)"`,
  );
  return undefined;
}

function parseEvent(p: ScenarioProblems, path: FieldPath, v: unknown): EventExpectation | undefined {
  const m = readMapping(p, path, v, '{reason: BackOff, type: Warning, count: 2}');
  if (!m) return undefined;
  checkKeys(p, path, m, EVENT_KEYS, 'event expectation');
  if (m.reason === undefined) {
    p.add(path, 'needs reason: the REASON column of describe, e.g. {reason: BackOff}');
    return undefined;
  }
  const reason = readString(p, [...path, 'reason'], m.reason);
  if (reason === undefined) return undefined;
  const out: EventExpectation = { reason };
  if (m.type !== undefined) setIf(out, 'type', readEnum(p, [...path, 'type'], m.type, EVENT_TYPES));
  if (m.count !== undefined) setIf(out, 'count', readInteger(p, [...path, 'count'], m.count));
  if (m.message !== undefined) setIf(out, 'message', readString(p, [...path, 'message'], m.message));
  return out;
}

function parseEvents(p: ScenarioProblems, path: FieldPath, v: unknown): EventExpectation[] | undefined {
  if (!Array.isArray(v)) {
    p.add(
      path,
      `must be a list such as [{reason: Started}, {reason: BackOff, count: 2}], got ${JSON.stringify(v)}`,
    );
    return undefined;
  }
  const out: EventExpectation[] = [];
  v.forEach((e, i) => {
    const parsed = parseEvent(p, [...path, i], e);
    if (parsed) out.push(parsed);
  });
  return out;
}

/** Every key an `expect` step may use (issue 6). */
export const EXPECTATION_KEYS = [
  'removed',
  'phase',
  'status',
  'ready',
  'restarts',
  'reason',
  'message',
  'node',
  'podIP',
  'conditions',
  'containers',
  'env',
  'mounts',
  'hosts',
  'labels',
  'annotations',
  'events',
] as const;
export const CONTAINER_KEYS = [
  'state',
  'reason',
  'exitCode',
  'restartCount',
  'ready',
  'started',
  'message',
  'lastState',
] as const;
export const EVENT_KEYS = ['reason', 'type', 'count', 'message'] as const;
const EVENT_TYPES = ['Normal', 'Warning'] as const;
const PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'] as const;
const STATES = ['waiting', 'running', 'terminated'] as const;
const STATUSES = ['True', 'False', 'Unknown'] as const;

function parseConditionStatus(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
): ConditionExpectation['status'] {
  // YAML 1.1 reads an unquoted True/False as a boolean; that is what the user meant.
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  return readEnum(p, path, v, STATUSES);
}

function parseCondition(p: ScenarioProblems, path: FieldPath, v: unknown): ConditionExpectation | undefined {
  if (!(typeof v === 'object' && v !== null)) {
    const status = parseConditionStatus(p, path, v);
    return status === undefined ? undefined : { status };
  }
  const m = readMapping(p, path, v, '{status: "False", reason: ContainersNotReady}');
  if (!m) return undefined;
  checkKeys(p, path, m, ['status', 'reason', 'message'], 'condition');
  const out: ConditionExpectation = {};
  if (m.status !== undefined) setIf(out, 'status', parseConditionStatus(p, [...path, 'status'], m.status));
  if (m.reason !== undefined) setIf(out, 'reason', readString(p, [...path, 'reason'], m.reason));
  if (m.message !== undefined) setIf(out, 'message', readString(p, [...path, 'message'], m.message));
  return out;
}

function parseContainer(p: ScenarioProblems, path: FieldPath, v: unknown): ContainerExpectation | undefined {
  const m = readMapping(p, path, v, '{state: running, ready: true}');
  if (!m) return undefined;
  checkKeys(p, path, m, CONTAINER_KEYS, 'container expectation');
  const out: ContainerExpectation = {};
  const at = (k: string) => [...path, k];
  if (m.state !== undefined) setIf(out, 'state', readEnum(p, at('state'), m.state, STATES));
  if (m.reason !== undefined) setIf(out, 'reason', readString(p, at('reason'), m.reason));
  if (m.exitCode !== undefined) setIf(out, 'exitCode', readInteger(p, at('exitCode'), m.exitCode, true));
  if (m.restartCount !== undefined)
    setIf(out, 'restartCount', readInteger(p, at('restartCount'), m.restartCount));
  if (m.ready !== undefined) setIf(out, 'ready', readBoolean(p, at('ready'), m.ready));
  if (m.started !== undefined) setIf(out, 'started', readBoolean(p, at('started'), m.started));
  if (m.message !== undefined) setIf(out, 'message', readStringOrNull(p, at('message'), m.message));
  if (m.lastState !== undefined) {
    const last = readMapping(p, at('lastState'), m.lastState, '{exitCode: 1, reason: Error}');
    if (last) {
      checkKeys(p, at('lastState'), last, ['exitCode', 'reason'], 'lastState');
      const ls: { exitCode?: number; reason?: string } = {};
      if (last.exitCode !== undefined)
        setIf(ls, 'exitCode', readInteger(p, [...at('lastState'), 'exitCode'], last.exitCode, true));
      if (last.reason !== undefined)
        setIf(ls, 'reason', readString(p, [...at('lastState'), 'reason'], last.reason));
      out.lastState = ls;
    }
  }
  return out;
}

/** Parses each value of a mapping keyed by name (condition type, container name). */
function byName<T>(
  p: ScenarioProblems,
  path: FieldPath,
  v: unknown,
  example: string,
  each: (path: FieldPath, v: unknown) => T | undefined,
): Record<string, T> | undefined {
  const m = readMapping(p, path, v, example);
  if (!m) return undefined;
  const out: Record<string, T> = {};
  for (const [name, value] of Object.entries(m)) setIf(out, name, each([...path, name], value));
  return out;
}

/** Parses the mapping of an `expect` step, reporting unknown keys and ill-typed values to `p`. */
export function parseExpectation(p: ScenarioProblems, path: FieldPath, v: unknown): Expectation {
  const out: Expectation = {};
  const m = readMapping(p, path, v, '{phase: Running, ready: "1/1"}');
  if (!m) return out;
  checkKeys(p, path, m, EXPECTATION_KEYS, 'expectation');
  const at = (k: string) => [...path, k];
  if (m.removed !== undefined) {
    setIf(out, 'removed', readBoolean(p, at('removed'), m.removed));
    const others = Object.keys(m).filter((k) => k !== 'removed');
    if (m.removed === true && others.length > 0)
      p.add(
        at('removed'),
        `a removed Pod has nothing else to check: move ${others.join(', ')} to an earlier expect step`,
      );
  }
  if (m.phase !== undefined) setIf(out, 'phase', readEnum(p, at('phase'), m.phase, PHASES));
  if (m.status !== undefined) setIf(out, 'status', readString(p, at('status'), m.status));
  if (m.ready !== undefined) {
    const ready = readString(p, at('ready'), m.ready);
    if (ready !== undefined && !/^\d+\/\d+$/.test(ready))
      p.add(
        at('ready'),
        `${JSON.stringify(ready)} is not kubectl's READY column; write ready containers/total, e.g. "1/2"`,
      );
    else setIf(out, 'ready', ready);
  }
  if (m.restarts !== undefined) setIf(out, 'restarts', readRestarts(p, at('restarts'), m.restarts));
  if (m.reason !== undefined) setIf(out, 'reason', readStringOrNull(p, at('reason'), m.reason));
  if (m.message !== undefined) setIf(out, 'message', readStringOrNull(p, at('message'), m.message));
  if (m.node !== undefined) setIf(out, 'node', readString(p, at('node'), m.node));
  if (m.podIP !== undefined) setIf(out, 'podIP', readStringOrNull(p, at('podIP'), m.podIP));
  if (m.events !== undefined) setIf(out, 'events', parseEvents(p, at('events'), m.events));
  for (const key of ['labels', 'annotations'] as const) {
    if (m[key] === undefined) continue;
    setIf(
      out,
      key,
      byName(p, at(key), m[key], '{track: canary, debug: null}', (q, value) => readStringOrNull(p, q, value)),
    );
  }
  if (m.hosts !== undefined) setIf(out, 'hosts', readString(p, at('hosts'), m.hosts));
  if (m.conditions !== undefined) {
    setIf(
      out,
      'conditions',
      byName(p, at('conditions'), m.conditions, '{Ready: "True"}', (q, c) => parseCondition(p, q, c)),
    );
  }
  if (m.containers !== undefined) {
    setIf(
      out,
      'containers',
      byName(p, at('containers'), m.containers, '{app: {state: running}}', (q, c) => parseContainer(p, q, c)),
    );
  }
  if (m.env !== undefined) {
    setIf(
      out,
      'env',
      byName(p, at('env'), m.env, '{app: {MODE: prod}}', (q, c) =>
        byName(p, q, c, '{MODE: prod, DEBUG: null}', (r, value) => readStringOrNull(p, r, value)),
      ),
    );
  }
  if (m.mounts !== undefined) {
    setIf(
      out,
      'mounts',
      byName(p, at('mounts'), m.mounts, '{app: {"/etc/config/mode": prod}}', (q, c) =>
        parseExpectedFiles(p, q, c),
      ),
    );
  }
  return out;
}
