import { PodstateError, type RecordedEvent } from '@podstate/core';
import type { Pool } from 'pg';
import type { LogTables } from './sqlNames.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './toRecordedEvent.js';

/** Rows fetched per query by readers and subscribers. */
export const PAGE_SIZE = 1000;

/** The error for a hole in seq or rev: never skipped, because a reader that skips loses events. */
export function missingEvent(what: string, found: number): PodstateError {
  return new PodstateError(
    'damaged_log',
    `The PostgreSQL log is damaged: ${what} is missing (the next row found is ${found}). ` +
      'Rows were deleted or written without podstate; restore them from a backup.',
    { missing: what, found },
  );
}

/** One page of events with seq > after and seq <= to, checked to be contiguous from after + 1. */
export async function readPageAfter(
  pool: Pool,
  t: LogTables,
  after: number,
  to: number,
): Promise<RecordedEvent[]> {
  const { rows } = await pool.query<EventRow>(
    `select ${EVENT_COLUMNS} from ${t.events} where seq > $1 and seq <= $2 order by seq limit ${PAGE_SIZE}`,
    [after, to],
  );
  return rows.map((row, i) => {
    const e = toRecordedEvent(row);
    if (e.seq !== after + i + 1) throw missingEvent(`seq ${after + i + 1}`, e.seq);
    return e;
  });
}

/** Events with from <= seq <= to in seq order, a page at a time. */
export async function* readRange(
  pool: Pool,
  t: LogTables,
  from: number,
  to: number,
): AsyncGenerator<RecordedEvent> {
  let after = from - 1;
  while (after < to) {
    const page = await readPageAfter(pool, t, after, to);
    yield* page;
    if (page.length < PAGE_SIZE) return;
    after += page.length;
  }
}

/** One stream's events with fromRevision <= rev <= toRevision in rev order, a page at a time. */
export async function* readStreamRange(
  pool: Pool,
  t: LogTables,
  stream: string,
  fromRevision: number,
  toRevision: number,
): AsyncGenerator<RecordedEvent> {
  let after = fromRevision - 1;
  while (after < toRevision) {
    const { rows } = await pool.query<EventRow>(
      `select ${EVENT_COLUMNS} from ${t.events} where stream = $1 and rev > $2 and rev <= $3
       order by rev limit ${PAGE_SIZE}`,
      [stream, after, toRevision],
    );
    for (const row of rows) {
      const e = toRecordedEvent(row);
      if (e.rev !== after + 1) throw missingEvent(`${stream} rev ${after + 1}`, e.rev);
      after = e.rev;
      yield e;
    }
    if (rows.length < PAGE_SIZE) return;
  }
}
