import { PodstateError, type RecordedEvent } from '@podstate/core';
import type { Queryable } from './faults.js';
import type { LogTables } from './sqlNames.js';
import { EVENT_COLUMNS, type EventRow, toRecordedEvent } from './toRecordedEvent.js';

/** Rows fetched per query by readers and subscribers. */
export const PAGE_SIZE = 1000;

/** The error for a hole in seq or rev: never skipped, because a reader that skips loses events. */
export function missingEvent(what: string, found: number): PodstateError {
  return new PodstateError(
    'damaged_log',
    `The PostgreSQL log is damaged: ${what} is missing${Number.isNaN(found) ? '' : ` (the next row found is ${found})`}. ` +
      'Rows were deleted or written without podstate; restore them from a backup.',
    { missing: what, found },
  );
}

/**
 * Positions are gapless, so a page is exactly the range (after, hi]: a bounded index range that the
 * planner cannot turn into a sort of the whole log. The first row beyond hi comes along so that a
 * hole at the end of the range is reported too, rather than taken for the end of the log.
 */
async function readBounded(
  pool: Queryable,
  table: string,
  key: 'seq' | 'rev',
  stream: string | undefined,
  after: number,
  hi: number,
  through: number,
): Promise<RecordedEvent[]> {
  const where = stream === undefined ? '' : 'stream = $3 and ';
  const { rows } = await pool.query<EventRow>(
    `(select ${EVENT_COLUMNS} from ${table} where ${where}${key} > $1 and ${key} <= $2 order by ${key})
     union all
     (select ${EVENT_COLUMNS} from ${table} where ${where}${key} > $2 order by ${key} limit 1)`,
    stream === undefined ? [after, hi] : [after, hi, stream],
  );
  const page: RecordedEvent[] = [];
  const name = (n: number) => (stream === undefined ? `seq ${n}` : `${stream} rev ${n}`);
  for (const row of rows) {
    const e = toRecordedEvent(row);
    const at = e[key];
    if (at > hi) {
      if (page.length < hi - after) throw missingEvent(name(after + page.length + 1), at);
      break;
    }
    if (at !== after + page.length + 1) throw missingEvent(name(after + page.length + 1), at);
    page.push(e);
  }
  const last = after + page.length;
  if (last < Math.min(hi, through)) throw missingEvent(name(last + 1), Number.NaN);
  return page;
}

/**
 * Up to PAGE_SIZE events with after < seq <= to, in order, checked to be contiguous; every seq up
 * to `through` (a head already committed) must be present.
 */
export function readPageAfter(
  pool: Queryable,
  t: LogTables,
  after: number,
  to: number,
  through = 0,
): Promise<RecordedEvent[]> {
  return readBounded(pool, t.events, 'seq', undefined, after, Math.min(to, after + PAGE_SIZE), through);
}

/** Events with from <= seq <= to in seq order, a page at a time; `head` is the committed head. */
export async function* readRange(
  pool: Queryable,
  t: LogTables,
  from: number,
  to: number,
  head: number,
): AsyncGenerator<RecordedEvent> {
  let after = from - 1;
  while (after < to) {
    const page = await readPageAfter(pool, t, after, to, head);
    yield* page;
    if (page.length < PAGE_SIZE) return;
    after += page.length;
  }
}

/** One stream's events with fromRevision <= rev <= toRevision in rev order, a page at a time. */
export async function* readStreamRange(
  pool: Queryable,
  t: LogTables,
  stream: string,
  fromRevision: number,
  toRevision: number,
): AsyncGenerator<RecordedEvent> {
  let after = fromRevision - 1;
  while (after < toRevision) {
    const hi = Math.min(toRevision, after + PAGE_SIZE);
    const page = await readBounded(pool, t.events, 'rev', stream, after, hi, 0);
    yield* page;
    if (page.length < PAGE_SIZE) return;
    after += page.length;
  }
}
