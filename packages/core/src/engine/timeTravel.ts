import { PodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import type { EventLog } from '../log/EventLog.js';
import { createEngine, type Engine, type EngineOptions } from './createEngine.js';

/** A point of a log: a global seq, an event time (ms or RFC 3339), or a stream's revision. */
export type LogPoint = { seq: number } | { time: number | string } | { stream: string; rev: number };

/** The global seq at which `stream` reached revision `rev`, or undefined if it never did. */
async function seqOfRevision(log: EventLog, stream: string, rev: number): Promise<number | undefined> {
  for await (const e of log.readStream(stream, { fromRevision: rev, toRevision: rev })) return e.seq;
  return undefined;
}

/**
 * Time travel: an engine holding the state of every stream as it was at `point` — after the event
 * with that seq, after the last event at or before that time, or after the event that took the
 * stream to that revision. Replays from the start of the log; deterministic.
 * @example const engine = await stateAt(log, { stream: 'pod/u1', rev: 3 });
 */
export async function stateAt(log: EventLog, point: LogPoint, options: EngineOptions = {}): Promise<Engine> {
  let to: number | undefined;
  let until = Number.POSITIVE_INFINITY;
  if ('seq' in point) to = point.seq;
  else if ('rev' in point) {
    to = await seqOfRevision(log, point.stream, point.rev);
    if (to === undefined)
      throw new PodstateError('bad_input', `stream ${point.stream} has no revision ${point.rev}`);
  } else until = typeof point.time === 'number' ? point.time : Date.parse(point.time);
  let engine: Engine | undefined;
  for await (const e of log.read({ to })) {
    if (Date.parse(e.time) > until) break;
    engine ??= createEngine({ profile: options.profile ?? profileOf(e) });
    const r = engine.apply(e);
    if (!r.ok)
      throw new PodstateError(
        'damaged_log',
        `the log does not replay at seq ${e.seq}: ${r.rejection.message}`,
        {
          seq: e.seq,
          rejection: r.rejection,
        },
      );
  }
  return engine ?? createEngine(options);
}

/** The node-lost profile a log records in its first event's `meta.profile` (default current). */
export function profileOf(first: RecordedEvent | undefined): 'current' | 'legacy' {
  return first?.meta?.profile === 'legacy' ? 'legacy' : 'current';
}
