import { STREAM_PATTERN } from '../log/assertAppendInput.js';
import { rfc3339TimeProblem } from '../log/envelopeNames.js';
import type { Refusal, RefusalCode } from '../machines/refusal.js';
import { EVENT_TYPES, isEventType, streamKindOf } from './catalogue.js';
import { checkEventData, formatEventDataProblem } from './checkEventData.js';
import { installEventInputCheck } from './inputCheck.js';
import { nearest } from './suggest.js';

/** Why an event offered to the engine is not an event of the catalogue at all: a coded refusal. */
export type InputRefusal = Refusal;

/** The catalogue rule an input breaks, and the refusal code callers branch on. */
const CODES = {
  'event.shape': 'invalid_data',
  'event.stream': 'wrong_stream',
  'event.type': 'unknown_event_type',
  'event.time': 'invalid_time',
  'event.data': 'invalid_data',
} as const satisfies Record<string, RefusalCode>;

const STREAM_FORMS = {
  pod: 'pod/<uid>',
  node: 'node/<name>',
  secret: 'secret/<namespace>/<name>',
  configmap: 'configmap/<namespace>/<name>',
  cluster: 'cluster',
} as const;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const refuse = (rule: keyof typeof CODES, message: string): Refusal => ({
  code: CODES[rule],
  rule,
  message,
});

/**
 * The one validation of an untrusted event at the engine's entry: envelope fields of the right
 * shape, a catalogue type on a stream of its family, an RFC 3339 time, and `data` matching its
 * type's schema and value rules. Undefined when the event is well-formed (the engine's rules then
 * decide whether it is legal now). Never throws, whatever `e` is. Pure.
 * @example checkEventInput({ stream: 'pod/u1', type: 'container.exited', time: '…', data: { container: 'app', exitCode: 1.5 } })
 *   // { code: 'invalid_data', rule: 'event.data', message: 'container.exited data.exitCode: must be an integer, got 1.5' }
 */
export function checkEventInput(e: unknown): Refusal | undefined {
  if (!isObject(e)) return refuse('event.shape', `an event must be an object {stream, type, time, data}`);
  const { stream, type, time, data, subject } = e;
  if (typeof type !== 'string' || !isEventType(type)) {
    const guess = typeof type === 'string' ? nearest(type, EVENT_TYPES) : undefined;
    return refuse(
      'event.type',
      `unknown event type ${JSON.stringify(type) ?? String(type)}${guess ? `; did you mean "${guess}"?` : ''}`,
    );
  }
  if (typeof stream !== 'string' || !STREAM_PATTERN.test(stream))
    return refuse(
      'event.stream',
      `${type} has stream ${JSON.stringify(stream) ?? String(stream)}: use pod/<uid>, node/<name>, secret/<ns>/<name>, configmap/<ns>/<name> or cluster`,
    );
  const kind = streamKindOf(type);
  if (!(kind === 'cluster' ? stream === 'cluster' : stream.startsWith(`${kind}/`)))
    return refuse('event.stream', `${type} belongs on a "${STREAM_FORMS[kind]}" stream, not "${stream}"`);
  const timeProblem = typeof time === 'string' ? rfc3339TimeProblem(time) : 'it is not a string';
  if (timeProblem !== undefined)
    return refuse(
      'event.time',
      `${type} has time ${JSON.stringify(time) ?? String(time)}, which is not an RFC 3339 time such as 2026-01-01T00:00:00.000Z (${timeProblem})`,
    );
  if (subject !== undefined && typeof subject !== 'string')
    return refuse('event.shape', `${type} has a subject that is not a string`);
  if (!isObject(data)) return refuse('event.data', `${type} data must be an object (use {} for none)`);
  const problems = checkEventData(type, data, { strict: false });
  if (problems.length > 0)
    return refuse('event.data', problems.map((p) => `${type} ${formatEventDataProblem(p)}`).join('; '));
  return undefined;
}

// The engine checks untrusted input with this once it is loaded (see inputCheck.ts).
installEventInputCheck(checkEventInput);
