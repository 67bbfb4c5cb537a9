import { PodstateError } from '../errors.js';
import { EVENT_TYPES, type EventType, isEventType } from './catalogue.js';
import { checkEventData, formatEventDataProblem } from './checkEventData.js';
import { nearest } from './suggest.js';

/** Where an untrusted event came from, for error messages. */
export interface EventSource {
  /** e.g. `events.jsonl line 42`, `scenario.yaml:17`, `argument 2`. */
  where: string;
}

/** Returns the catalogue type or throws a bad_input error suggesting the nearest name. @internal */
export function assertEventType(type: unknown, src: EventSource): EventType {
  if (typeof type !== 'string' || type === '') {
    throw new PodstateError(
      'bad_input',
      `${src.where}: field "type" is required: one of ${EVENT_TYPES.join(', ')}`,
    );
  }
  if (!isEventType(type)) {
    const guess = nearest(type, EVENT_TYPES);
    throw new PodstateError(
      'bad_input',
      `${src.where}: unknown event type "${type}".${guess ? ` Did you mean "${guess}"?` : ` Known types: ${EVENT_TYPES.join(', ')}`}`,
    );
  }
  return type;
}

/**
 * Validates an event's data against the catalogue schema of its type and the API server's value
 * rules (untrusted input only). Throws a bad_input PodstateError listing every problem, each as
 * `<where>: <type> data.<field>: <what>`; returns the parsed data otherwise.
 * @internal
 */
export function validateEventData(type: EventType, data: unknown, src: EventSource): Record<string, unknown> {
  const problems = checkEventData(type, data ?? {});
  if (problems.length === 0) return (data ?? {}) as Record<string, unknown>;
  const lines = problems.map((p) => `${src.where}: ${type} ${formatEventDataProblem(p)}`);
  throw new PodstateError('bad_input', lines.join('\n'), { problems: lines });
}
