import {
  type AppendOptions,
  type AppendResult,
  type EventLog,
  isPodstateError,
  type LogHead,
  type NewEvent,
  PodstateError,
  type ReadRange,
  type RecordedEvent,
  type StreamRange,
} from '@podstate/core';
import pg from 'pg';
import { Observable } from 'rxjs';
import { AppendSignal } from './AppendSignal.js';
import { appendInTransaction } from './appendInTransaction.js';
import { isConnectionFault, type Queryable, retrying, unavailable } from './faults.js';
import { findRecorded } from './findRecorded.js';
import { followLog } from './followLog.js';
import { migrate } from './migrate.js';
import { prepareEvents } from './prepareEvents.js';
import { readRange, readStreamRange } from './readEvents.js';
import { type LogTables, toLogTables } from './sqlNames.js';

/** Options of {@link createPostgresLog}. */
export interface PostgresLogOptions {
  /** A libpq-style URL, e.g. `postgres://user:pass@host:5432/db`. */
  connectionString: string;
  /** The schema holding the log's tables (default `podstate`); several logs may share a database. */
  schema?: string;
  /** How often live$ polls when no NOTIFY arrives, in ms (default 500). */
  pollIntervalMs?: number;
  /** Most connections the log's pool opens (default 10). */
  maxConnections?: number;
  /**
   * How long opening, appends and reads keep retrying over a lost connection or a restarting server
   * before failing with `store_unavailable` (default 15,000 ms). live$ retries for as long as it is
   * subscribed and resumes after the last seq it emitted.
   */
  retryForMs?: number;
}

/** The PostgreSQL EventLog. */
export interface PostgresLog extends EventLog {
  /** The schema holding this log's tables. */
  readonly schema: string;
  /**
   * Repair: removes every event after `keep` in one transaction that holds the log's write lock, and
   * sets each stream's revision back. `aside` receives the removed events (in seq order) before the
   * transaction commits; if it throws, nothing is removed. Returns the removed events.
   */
  cutAfter(keep: number, aside: (removed: RecordedEvent[]) => Promise<void>): Promise<RecordedEvent[]>;
}

/** The connection string without its password, for messages. */
function redact(connectionString: string): string {
  try {
    const url = new URL(connectionString);
    if (url.password !== '') url.password = '***';
    return url.toString();
  } catch {
    return 'the given connection string';
  }
}

function isDuplicateId(e: unknown): boolean {
  const err = e as { code?: string; constraint?: string };
  return err.code === '23505' && err.constraint === 'events_id_key';
}

function assertPosition(name: string, n: unknown): asserts n is number {
  if (!Number.isSafeInteger(n) || (n as number) < 0) {
    throw new PodstateError('bad_input', `${name} ${JSON.stringify(n)} is invalid: use an integer >= 1.`, {
      [name]: n,
    });
  }
}

/**
 * Opens (creating if needed) an event log in a PostgreSQL schema. Many processes may append to and
 * follow the same log at once.
 *
 * @example
 * const log = await createPostgresLog({ connectionString: 'postgres://localhost/podstate' });
 * await log.append('pod/7f3c', [{ type: 'pod.scheduled', time, data: { node: 'node-1' } }]);
 */
export async function createPostgresLog(options: PostgresLogOptions): Promise<PostgresLog> {
  const tables: LogTables = toLogTables(options.schema ?? 'podstate');
  const pollIntervalMs = options.pollIntervalMs ?? 500;
  const retryForMs = options.retryForMs ?? 15_000;
  const where = redact(options.connectionString);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'podstate',
  });
  // A connection the server drops (a restart) must never crash the process: the pool and every
  // client it makes get an error listener; the query in flight fails and is retried, or reported.
  pool.on('error', () => undefined);
  pool.on('connect', (client) => client.on('error', () => undefined));
  let closed: Promise<void> | undefined;
  const isClosed = () => closed !== undefined;
  try {
    await retrying(async () => {
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await migrate(client, tables);
      } catch (e) {
        if (isConnectionFault(e)) broken = e as Error;
        throw e;
      } finally {
        client.release(broken);
      }
    }, retryForMs);
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof PodstateError) throw e;
    if (isConnectionFault(e)) {
      throw unavailable(where, e, 'Start the server (or wait for it) and run the command again.');
    }
    throw new PodstateError(
      'bad_input',
      `Cannot open the PostgreSQL log at ${where}: ${(e as Error).message}. ` +
        'Check the --store URL or PODSTATE_STORE and that the server is running.',
      { schema: tables.schema },
    );
  }
  const signal = new AppendSignal(options.connectionString, tables.channel);

  /** Queries retried over reconnects for `budget` ms; then store_unavailable (exit 4). */
  const retryingQueries = (budget: number, stop: () => boolean): Queryable => ({
    query: (text, values) =>
      retrying(() => pool.query(text, values), budget, stop).catch((e: unknown) => {
        if (isConnectionFault(e)) throw unavailable(where, e, 'Nothing was changed; run the command again.');
        throw e;
      }),
  });
  const db = retryingQueries(retryForMs, isClosed);

  async function head(): Promise<LogHead> {
    const { rows } = await db.query<{ seq: string; time: string | null }>(
      `select p.seq, e.time from ${tables.position} p left join ${tables.events} e on e.seq = p.seq`,
    );
    const seq = Number(rows[0]?.seq ?? 0);
    const time = rows[0]?.time ?? undefined;
    return time === undefined ? { seq } : { seq, time };
  }

  async function append(
    stream: string,
    events: readonly NewEvent[],
    opts: AppendOptions = {},
  ): Promise<AppendResult> {
    const expected = opts.expectedRevision ?? 'any';
    const prepared = prepareEvents(stream, events);
    try {
      // Retried over reconnects: the ids are settled before the first try, so a retry first looks
      // them up and answers as the original append if its commit went through (idempotent).
      return await retrying(
        async (fault) => {
          // Two tries: a concurrent append of the same id makes the first fail on the unique id; the
          // second then finds it recorded and answers as an idempotent retry (or bad_input).
          for (let attempt = 0; ; attempt++) {
            const prior = await findRecorded(pool, tables, stream, prepared, fault > 0);
            if (prior !== undefined) return prior;
            const client = await pool.connect();
            let broken: Error | undefined;
            try {
              await client.query('begin isolation level read committed');
              const result = await appendInTransaction(
                client,
                tables,
                stream,
                prepared,
                expected,
                opts.expectedHead,
              );
              await client.query('commit');
              return result;
            } catch (e) {
              if (isConnectionFault(e)) broken = e as Error;
              else {
                await client.query('rollback').catch((err: Error) => {
                  broken = err;
                });
              }
              const retry =
                isDuplicateId(e) ||
                (isPodstateError(e, 'revision_conflict') && prepared.some((p) => p.source.id !== undefined));
              if (attempt === 0 && retry) continue;
              if (isDuplicateId(e) && attempt < 3) continue;
              throw e;
            } finally {
              client.release(broken);
            }
          }
        },
        retryForMs,
        isClosed,
      );
    } catch (e) {
      if (!isConnectionFault(e)) throw e;
      throw unavailable(
        where,
        e,
        'The append was not acknowledged and may or may not have been committed; run the same append again ' +
          '(with the same ids it is recorded once).',
      );
    }
  }

  async function cutAfter(
    keep: number,
    aside: (removed: RecordedEvent[]) => Promise<void>,
  ): Promise<RecordedEvent[]> {
    assertPosition('keep', keep);
    const client = await pool.connect();
    let broken: Error | undefined;
    try {
      await client.query('begin isolation level read committed');
      // The position row first, as appends take it: no append commits while the cut is decided.
      await client.query(`select seq from ${tables.position} for update`);
      const removed: RecordedEvent[] = [];
      for await (const e of readRange(
        client as unknown as Queryable,
        tables,
        keep + 1,
        Number.MAX_SAFE_INTEGER,
        0,
      ))
        removed.push(e);
      await aside(removed);
      await client.query(`delete from ${tables.events} where seq > $1`, [keep]);
      await client.query(`update ${tables.position} set seq = $1`, [keep]);
      await client.query(
        `update ${tables.streams} s set revision = coalesce((select max(rev) from ${tables.events} e where e.stream = s.stream), 0)
         where s.stream = any($1::text[])`,
        [[...new Set(removed.map((e) => e.stream))]],
      );
      await client.query('commit');
      return removed;
    } catch (e) {
      if (isConnectionFault(e)) broken = e as Error;
      else await client.query('rollback').catch((err: Error) => (broken = err));
      if (isConnectionFault(e)) throw unavailable(where, e, 'Nothing was removed; run the repair again.');
      throw e;
    } finally {
      client.release(broken);
    }
  }

  return {
    schema: tables.schema,
    append,
    head,
    cutAfter,
    async *read(range: ReadRange = {}): AsyncIterable<RecordedEvent> {
      const from = range.from ?? 1;
      assertPosition('from', from);
      if (range.to !== undefined) assertPosition('to', range.to);
      const committed = (await head()).seq;
      yield* readRange(db, tables, Math.max(1, from), range.to ?? committed, committed);
    },
    async *readStream(stream: string, range: StreamRange = {}): AsyncIterable<RecordedEvent> {
      const from = range.fromRevision ?? 1;
      assertPosition('fromRevision', from);
      if (range.toRevision !== undefined) assertPosition('toRevision', range.toRevision);
      yield* readStreamRange(
        db,
        tables,
        stream,
        Math.max(1, from),
        range.toRevision ?? Number.MAX_SAFE_INTEGER,
      );
    },
    read$(from = 1): Observable<RecordedEvent> {
      assertPosition('from', from);
      return new Observable<RecordedEvent>((subscriber) => {
        let stopped = false;
        (async () => {
          const to = (await head()).seq;
          for await (const e of readRange(db, tables, Math.max(1, from), to, to)) {
            if (stopped) return;
            subscriber.next(e);
          }
          subscriber.complete();
        })().catch((err: unknown) => subscriber.error(err));
        return () => {
          stopped = true;
        };
      });
    },
    live$(from = 1): Observable<RecordedEvent> {
      assertPosition('from', from);
      // A subscriber outlives server restarts: its queries retry until it unsubscribes or the log closes,
      // and it resumes after the last seq it emitted.
      const live = retryingQueries(Number.POSITIVE_INFINITY, isClosed);
      const headSeq = async () => {
        const { rows } = await live.query<{ seq: string }>(`select seq from ${tables.position}`);
        return Number(rows[0]?.seq ?? 0);
      };
      return followLog({ pool: live, tables, signal, pollIntervalMs, isClosed, headSeq }, Math.max(1, from));
    },
    close(): Promise<void> {
      closed ??= (async () => {
        await signal.close();
        await pool.end();
      })();
      return closed;
    },
  };
}
