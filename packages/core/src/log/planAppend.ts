import { PodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { assertAppendInput } from './assertAppendInput.js';
import type { AppendOptions, ExpectedRevision } from './EventLog.js';
import type { LogIndex } from './LogIndex.js';
import { randomUuid } from './randomUuid.js';
import { sameContent } from './sameContent.js';

/** The outcome of planning an append: new records to write, or the originals of an idempotent retry. */
export type AppendPlan =
  | { kind: 'new'; records: RecordedEvent[]; nextRevision: number }
  | { kind: 'duplicate'; records: RecordedEvent[] };

const NAMED = new Set<unknown>(['no_stream', 'exists', 'any']);

function describe(e: ExpectedRevision): string {
  return typeof e === 'number' ? `revision ${e}` : e;
}

/** Throws PodstateError('revision_conflict') unless the stream at `actual` satisfies `expected`. */
export function assertExpectedRevision(stream: string, expected: ExpectedRevision, actual: number): void {
  if (typeof expected === 'number' ? !(Number.isInteger(expected) && expected >= 0) : !NAMED.has(expected)) {
    throw new PodstateError(
      'bad_input',
      `expectedRevision ${JSON.stringify(expected)} must be an integer >= 0 or no_stream, exists, any`,
      { stream },
    );
  }
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === 0) ||
    (expected === 'exists' && actual > 0) ||
    expected === actual;
  if (ok) return;
  throw new PodstateError(
    'revision_conflict',
    `Revision conflict on stream ${stream}: expected ${describe(expected)}, but the stream is at revision ${actual}` +
      `${actual === 0 ? ' (no stream)' : ''}. Read the stream again, then retry.`,
    { stream, expectedRevision: expected, actualRevision: actual },
  );
}

/**
 * Validates an append against the index and assigns seq, rev, id and batch markers (pure apart from
 * fresh UUIDs; the caller adds the records to the index). An append whose ids all exist with the same
 * content is an idempotent retry; the check runs before the revision check so a retry still succeeds.
 */
export function planAppend(
  index: LogIndex,
  load: (seq: number) => RecordedEvent,
  stream: string,
  events: readonly NewEvent[],
  options?: AppendOptions,
): AppendPlan {
  assertAppendInput(stream, events);
  let originals: RecordedEvent[] | undefined;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    const seq = e.id === undefined ? undefined : index.ids.get(e.id);
    if (seq === undefined) continue;
    const original = load(seq);
    if (!sameContent(original, stream, e)) {
      throw new PodstateError(
        'bad_input',
        `Event id ${e.id} was already used at seq ${seq} (stream ${original.stream}, type ${original.type}) ` +
          'with different content. Give the new event a fresh id. Nothing was appended.',
        { id: e.id, seq },
      );
    }
    originals ??= [];
    originals.push(original);
  }
  if (originals !== undefined) {
    if (originals.length === events.length) return { kind: 'duplicate', records: originals };
    throw new PodstateError(
      'bad_input',
      `The append to ${stream} repeats ${originals.length} of its ${events.length} events from an earlier ` +
        'append (same ids); retry the earlier append exactly, or use fresh ids. Nothing was appended.',
      { stream },
    );
  }
  const actual = index.revision(stream);
  const expected = options?.expectedRevision ?? 'any';
  // 'any' (the default) holds at every revision.
  if (expected !== 'any') assertExpectedRevision(stream, expected, actual);
  if (options?.expectedHead !== undefined) assertExpectedHead(options.expectedHead, index.head);
  const n = events.length;
  const records: RecordedEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const e = events[i]!;
    const r: RecordedEvent = {
      v: 1,
      seq: index.head + 1 + i,
      stream,
      rev: actual + 1 + i,
      id: e.id ?? randomUuid(),
      type: e.type,
      sv: e.sv ?? 1,
      time: e.time,
      data: e.data,
    };
    if (e.subject !== undefined) r.subject = e.subject;
    if (e.meta !== undefined) r.meta = e.meta;
    if (n > 1) r.batch = [i, n];
    records[i] = r;
  }
  return { kind: 'new', records, nextRevision: actual + n };
}

/**
 * Refuses an append whose caller decided it against a log that has moved on since: `expectedHead`
 * must be the log's head seq when the append commits. The caller re-reads and decides again.
 */
export function assertExpectedHead(expected: number, actual: number): void {
  if (!Number.isSafeInteger(expected) || expected < 0) {
    throw new PodstateError('bad_input', `expectedHead ${JSON.stringify(expected)} must be an integer >= 0`, {
      expectedHead: expected,
    });
  }
  if (expected !== actual) {
    throw new PodstateError(
      'revision_conflict',
      `The log moved on while this append was being decided: it was decided at seq ${expected}, the log is at seq ${actual}. Read the new events and decide again.`,
      { expectedHead: expected, actualHead: actual },
    );
  }
}
