import type { z } from 'zod';
import { kindShapes } from '../manifest/apiShapes.js';
import { decodeAs } from '../manifest/decodeAs.js';
import {
  type FieldError,
  formatFieldError,
  graceTooLong,
  maxGracePeriodSeconds,
} from '../manifest/fieldErrors.js';
import { dns1123LabelErrors, dns1123SubdomainErrors, ipErrors } from '../manifest/nameRules.js';
import type { Pod } from '../manifest/types.js';
import { validateObject } from '../manifest/validateObject.js';
import { validateAnnotations, validateLabels } from '../manifest/validateObjectMeta.js';
import { type EventType, eventDataSchemas } from './catalogue.js';
import { nearest } from './suggest.js';

/** One problem of an event's `data`: the field path below `data` and what is wrong with it. */
export interface EventDataProblem {
  /** Path below `data`, e.g. `['exitCode']`; empty for `data` itself. */
  path: (string | number)[];
  /** What is wrong and what to write instead, e.g. `must be an integer, got 1.5`. */
  message: string;
}

const INT32: [number, number] = [-(2 ** 31), 2 ** 31 - 1];

const shown = (v: unknown): string =>
  v === undefined ? 'nothing' : typeof v === 'string' ? JSON.stringify(v) : (JSON.stringify(v) ?? String(v));

const kindName: Record<string, string> = {
  int: 'an integer',
  number: 'a number',
  string: 'a string',
  object: 'an object',
  array: 'a list',
  boolean: 'true or false',
  record: 'an object',
};

function fieldsOf(schema: z.ZodType): string[] {
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  return shape ? Object.keys(shape) : [];
}

/** True when the top-level field at `path` is a `z.number().int()` (optional or not). */
function isIntField(schema: z.ZodType, path: readonly (string | number)[]): boolean {
  if (path.length !== 1) return false;
  const shape = (schema as unknown as { shape?: Record<string, unknown> }).shape;
  let field =
    shape && Object.hasOwn(shape, path[0]!)
      ? (shape[path[0]!] as { format?: unknown; unwrap?: () => unknown })
      : undefined;
  if (field && typeof field.unwrap === 'function' && field.format === undefined)
    field = field.unwrap() as typeof field;
  return field?.format === 'safeint';
}

function atPath(data: unknown, path: readonly PropertyKey[]): unknown {
  let v = data;
  for (const k of path) {
    if (typeof v !== 'object' || v === null || !Object.hasOwn(v, k)) return undefined;
    v = (v as Record<PropertyKey, unknown>)[k];
  }
  return v;
}

/** The API server's value rules for fields the zod shapes cannot express (IPs, names, int32). */
function valueRules(type: EventType, data: Record<string, unknown>, strict: boolean): EventDataProblem[] {
  const out: EventDataProblem[] = [];
  const rule = (key: string, errors: (v: string) => string[]) => {
    const v = data[key];
    if (typeof v !== 'string') return;
    const errs = errors(v);
    if (errs.length > 0) out.push({ path: [key], message: `Invalid value: ${shown(v)}: ${errs.join('; ')}` });
  };
  if (type === 'pod.sandbox.ready') {
    // validatePodIPs / validateHostIPs (pkg/apis/core/validation): each must parse as an IP.
    rule('podIP', ipErrors);
    rule('hostIP', ipErrors);
  }
  if (type === 'pod.scheduled' || type.startsWith('node.')) rule('node', (v) => dns1123SubdomainErrors(v));
  if (type.startsWith('secret.') || type.startsWith('configmap.')) {
    rule('namespace', dns1123LabelErrors);
    rule('name', (v) => dns1123SubdomainErrors(v));
  }
  for (const key of ['exitCode', 'signal', 'gracePeriodSeconds']) {
    const v = data[key];
    if (typeof v === 'number' && key !== 'gracePeriodSeconds' && (v < INT32[0] || v > INT32[1]))
      out.push({ path: [key], message: `must fit in an int32 (${INT32[0]}..${INT32[1]}), got ${v}` });
  }
  for (const e of graceTooLong('gracePeriodSeconds', data.gracePeriodSeconds))
    out.push({ path: ['gracePeriodSeconds'], message: `${e.detail}, got ${data.gracePeriodSeconds}` });
  if (type === 'pod.created') out.push(...manifestProblems(data.manifest, strict));
  if (type === 'pod.metadata.updated') {
    if (data.labels === undefined && data.annotations === undefined)
      out.push({
        path: [],
        message: 'give labels or annotations (or both): the maps as they are after the update',
      });
    // ValidateObjectMetaUpdate runs the create-time rules on the new labels and annotations.
    const errors = [
      ...validateLabels(data.labels as Record<string, unknown> | undefined, 'labels'),
      ...validateAnnotations(data.annotations as Record<string, unknown> | undefined, 'annotations'),
    ];
    for (const e of errors)
      out.push({ path: [e.field], message: formatFieldError(e).slice(e.field.length + 2) });
  }
  return out;
}

/** Errors without which the engine cannot model the Pod at all (a missing or duplicate name, …). */
const STRUCTURAL = new Set<string>(['Required value', 'Duplicate value', 'Not found', 'Unsupported value']);

/** A grace period whose deadline no time can hold: the engine's own entry refuses it too. */
const tooLongToCompute = (e: FieldError) =>
  e.field.endsWith('terminationGracePeriodSeconds') &&
  typeof e.value === 'number' &&
  e.value > maxGracePeriodSeconds;

/**
 * The Pod manifest of a `pod.created` as the API server would see it: decoded strictly into its Go
 * types (wrong types and unknown fields refused), then validated after defaulting.
 */
function manifestProblems(manifest: unknown, strict: boolean): EventDataProblem[] {
  const decoded = decodeAs(manifest, kindShapes.Pod!);
  if ('error' in decoded)
    return [{ path: ['manifest', ...decoded.error.path], message: decoded.error.message }];
  if (strict && decoded.unknownFields.length > 0)
    return decoded.unknownFields.map((u) => ({
      path: ['manifest', ...u.path],
      message: `strict decoding error: unknown field "${u.field}"${u.suggestion ? ` (did you mean "${u.suggestion}"?)` : ''}`,
    }));
  const pod = decoded.value as Pod;
  if ((pod as { kind?: unknown }).kind !== undefined && pod.kind !== 'Pod')
    return [{ path: ['manifest', 'kind'], message: `must be Pod, got ${shown(pod.kind)}` }];
  const errors = validateObject({ ...pod, kind: 'Pod' }).filter(
    (e) => strict || STRUCTURAL.has(e.type) || tooLongToCompute(e),
  );
  return errors.map((e) => ({ path: ['manifest'], message: formatFieldError(e) }));
}

/** Options of {@link checkEventData}. */
export interface CheckEventDataOptions {
  /**
   * true (default, every user-facing entry): a `pod.created` manifest is validated as the API
   * server would, unknown fields included. false (the engine's own entry): only what the engine
   * needs to model the Pod without crashing — Go types, required, unique and supported values.
   */
  strict?: boolean;
}

/**
 * Checks an event's `data` against its type's schema in the catalogue and the API server's value
 * rules: unknown fields (with a "did you mean"), missing fields, wrong types named as such,
 * numbers that must be integers, IPs and object names. Returns every problem (empty when valid).
 * Never throws, whatever `data` is. Pure.
 * @example checkEventData('container.exited', { container: 'app', exitcode: 1 })
 *   // [{ path: ['exitcode'], message: 'unknown field (did you mean "exitCode"?); …' }, …]
 */
export function checkEventData(
  type: EventType,
  data: unknown,
  options: CheckEventDataOptions = {},
): EventDataProblem[] {
  const schema = eventDataSchemas[type];
  const result = schema.safeParse(data);
  if (result.success)
    return valueRules(type, result.data as Record<string, unknown>, options.strict !== false);
  const fields = fieldsOf(schema);
  const problems: EventDataProblem[] = [];
  // Unknown keys first: a typo usually explains the "required" that follows it.
  const issues = [...result.error.issues].sort(
    (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
  );
  for (const issue of issues) {
    const path = issue.path.filter((k): k is string | number => typeof k !== 'symbol');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        const guess = path.length === 0 ? nearest(key, fields) : undefined;
        problems.push({
          path: [...path, key],
          message: `unknown field${guess ? ` (did you mean "${guess}"?)` : ''}; ${type} takes ${fields.length ? fields.join(', ') : 'no fields'}`,
        });
      }
      continue;
    }
    const got = atPath(data, path);
    if (issue.code === 'invalid_type') {
      const expected = issue.expected === 'number' && isIntField(schema, path) ? 'int' : issue.expected;
      const want = kindName[expected] ?? expected;
      problems.push({
        path,
        message:
          got === undefined && path.length > 0
            ? `required: give ${want}`
            : `must be ${want}, got ${Array.isArray(got) ? `the list ${shown(got)}` : shown(got)}`,
      });
    } else if (issue.code === 'invalid_value') {
      problems.push({
        path,
        message: `must be one of ${issue.values.map((v) => String(v)).join(', ')}, got ${shown(got)}`,
      });
    } else if (issue.code === 'too_small' && issue.origin === 'string') {
      problems.push({ path, message: 'must not be empty' });
    } else {
      problems.push({ path, message: issue.message });
    }
  }
  return problems;
}

/**
 * Renders a problem as `data.exitCode: must be an integer, got 1.5`.
 * @internal
 */
export function formatEventDataProblem(p: EventDataProblem): string {
  let field = 'data';
  for (const k of p.path) field += typeof k === 'number' ? `[${k}]` : `.${k}`;
  return `${field}: ${p.message}`;
}
