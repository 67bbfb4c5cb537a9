import { type AppendResult, PodstateError } from '@podstate/core';
import { sameContent } from '@podstate/core/internal';
import type { Queryable } from './faults.js';
import type { PreparedEvent } from './prepareEvents.js';
import type { LogTables } from './sqlNames.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './toRecordedEvent.js';

/**
 * Idempotent retries, with the memory and file stores' rules: when every writer-chosen id of the
 * append is recorded with the same content, returns the original records; an id recorded with other
 * content, or only some ids recorded, is bad_input. Undefined when none is recorded (a new append).
 */
export async function findRecorded(
  pool: Queryable,
  t: LogTables,
  stream: string,
  events: readonly PreparedEvent[],
  /** Also look for the ids this process generated: after a connection fault, the append may have committed. */
  generatedToo = false,
): Promise<AppendResult | undefined> {
  const given = events.filter((e) => generatedToo || e.source.id !== undefined).map((e) => e.id);
  if (given.length === 0) return undefined;
  const { rows } = await pool.query<EventRow>(
    `select ${EVENT_COLUMNS} from ${t.events} where id = any($1::text[])`,
    [given],
  );
  if (rows.length === 0) return undefined;
  const byId = new Map(rows.map((r) => [r.id, toRecordedEvent(r)]));
  for (const e of events) {
    const original = byId.get(e.id);
    if (original !== undefined && !sameContent(original, stream, e.source)) {
      throw new PodstateError(
        'bad_input',
        `Event id ${e.id} was already used at seq ${original.seq} (stream ${original.stream}, type ${original.type}) ` +
          'with different content. Give the new event a fresh id. Nothing was appended.',
        { id: e.id, seq: original.seq },
      );
    }
  }
  if (rows.length < events.length) {
    throw new PodstateError(
      'bad_input',
      `The append to ${stream} repeats ${rows.length} of its ${events.length} events from an earlier ` +
        'append (same ids); retry the earlier append exactly, or use fresh ids. Nothing was appended.',
      { stream },
    );
  }
  const originals = events.map((e) => byId.get(e.id)!);
  const last = originals[originals.length - 1]!;
  return { events: originals, nextRevision: last.rev, lastSeq: last.seq };
}
