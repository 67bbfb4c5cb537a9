import { PodstateError } from '../errors.js';
import type { NewEvent } from '../events/envelope.js';
import { isEventId, isEventTypeName, isStreamName, rfc3339TimeProblem } from './envelopeNames.js';

// The patterns live with the loops that check them (envelopeNames.ts); exported here as before.
export {
  ID_PATTERN,
  isRfc3339Time,
  rfc3339TimeProblem,
  STREAM_PATTERN,
  TIME_PATTERN,
  TYPE_PATTERN,
} from './envelopeNames.js';

/**
 * True for a plain JSON object (not null, not an array).
 * @internal
 */
export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function refuse(message: string, details: Record<string, unknown>): never {
  throw new PodstateError('bad_input', message, details);
}

function badEvent(stream: string, i: number, what: string): never {
  refuse(`event ${i} of the append to ${stream}: ${what}. Nothing was appended.`, { stream, index: i });
}

/**
 * Throws PodstateError('bad_input') naming the stream name or the event (by index) that has the
 * wrong shape: the envelope's patterns (streams, ids and types checked by envelopeNames.ts, which
 * gives the same answers).
 */
export function assertAppendInput(stream: string, events: readonly NewEvent[]): void {
  if (typeof stream !== 'string' || !isStreamName(stream)) {
    refuse(
      `Stream name ${JSON.stringify(stream)} has the wrong shape: use pod/<uid>, node/<name>, ` +
        'secret/<namespace>/<name>, configmap/<namespace>/<name> or cluster. Nothing was appended.',
      { stream },
    );
  }
  if (!Array.isArray(events))
    refuse(`append to ${stream}: events must be an array. Nothing was appended.`, {});
  // Duplicate ids within one append: a Set only when there is more than one event. No closure
  // per call: this runs for every append.
  const seen = events.length > 1 ? new Set<string>() : undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (!isPlainObject(e)) badEvent(stream, i, 'must be an object');
    if (e.id !== undefined) {
      if (typeof e.id !== 'string' || !isEventId(e.id)) {
        badEvent(
          stream,
          i,
          `id ${JSON.stringify(e.id)} has the wrong shape (letters, digits and ._:- only, at most 128)`,
        );
      }
      if (seen?.has(e.id)) badEvent(stream, i, `id ${e.id} appears twice in one append`);
      seen?.add(e.id);
    }
    if (typeof e.type !== 'string' || !isEventTypeName(e.type)) {
      badEvent(
        stream,
        i,
        `type ${JSON.stringify(e.type)} is not a lowercase dot-segmented event type like container.started`,
      );
    }
    if (e.sv !== undefined && !(Number.isInteger(e.sv) && (e.sv as number) >= 1))
      badEvent(stream, i, 'sv must be an integer >= 1');
    const timeProblem = typeof e.time === 'string' ? rfc3339TimeProblem(e.time) : 'it is not a string';
    if (timeProblem !== undefined) {
      badEvent(
        stream,
        i,
        `time ${JSON.stringify(e.time)} is not an RFC 3339 time like 2024-05-01T12:00:00.000Z (${timeProblem})`,
      );
    }
    if (e.subject !== undefined && typeof e.subject !== 'string')
      badEvent(stream, i, 'subject must be a string');
    if (!isPlainObject(e.data)) badEvent(stream, i, 'data must be an object');
    if (e.meta !== undefined && !isPlainObject(e.meta)) badEvent(stream, i, 'meta must be an object');
  }
}
