import {
  type AppendOptions,
  type AppendResult,
  type EventLog,
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
}

/** The PostgreSQL EventLog. */
export interface PostgresLog extends EventLog {
  /** The schema holding this log's tables. */
  readonly schema: string;
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
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 10,
    application_name: 'podstate',
  });
  // An idle connection dropped by the server must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    const client = await pool.connect();
    try {
      await migrate(client, tables);
    } finally {
      client.release();
    }
  } catch (e) {
    await pool.end().catch(() => undefined);
    if (e instanceof PodstateError) throw e;
    throw new PodstateError(
      'bad_input',
      `Cannot open the PostgreSQL log at ${redact(options.connectionString)}: ${(e as Error).message}. ` +
        'Check the --store URL or PODSTATE_STORE and that the server is running.',
      { schema: tables.schema },
    );
  }
  const signal = new AppendSignal(options.connectionString, tables.channel);
  let closed: Promise<void> | undefined;

  async function head(): Promise<LogHead> {
    const { rows } = await pool.query<{ seq: string; time: string | null }>(
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
    // Two tries: a concurrent append of the same id makes the first fail on the unique id; the
    // second then finds it recorded and answers as an idempotent retry (or bad_input).
    for (let attempt = 0; ; attempt++) {
      const prior = await findRecorded(pool, tables, stream, prepared);
      if (prior !== undefined) return prior;
      const client = await pool.connect();
      let broken: Error | undefined;
      try {
        await client.query('begin isolation level read committed');
        const result = await appendInTransaction(client, tables, stream, prepared, expected);
        await client.query('commit');
        return result;
      } catch (e) {
        await client.query('rollback').catch((err: Error) => {
          broken = err;
        });
        if (attempt === 0 && isDuplicateId(e)) continue;
        throw e;
      } finally {
        client.release(broken);
      }
    }
  }

  return {
    schema: tables.schema,
    append,
    head,
    async *read(range: ReadRange = {}): AsyncIterable<RecordedEvent> {
      const from = range.from ?? 1;
      assertPosition('from', from);
      if (range.to !== undefined) assertPosition('to', range.to);
      const committed = (await head()).seq;
      yield* readRange(pool, tables, Math.max(1, from), range.to ?? committed, committed);
    },
    async *readStream(stream: string, range: StreamRange = {}): AsyncIterable<RecordedEvent> {
      const from = range.fromRevision ?? 1;
      assertPosition('fromRevision', from);
      if (range.toRevision !== undefined) assertPosition('toRevision', range.toRevision);
      yield* readStreamRange(
        pool,
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
          for await (const e of readRange(pool, tables, Math.max(1, from), to, to)) {
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
      const isClosed = () => closed !== undefined;
      const headSeq = async () => (await head()).seq;
      return followLog({ pool, tables, signal, pollIntervalMs, isClosed, headSeq }, Math.max(1, from));
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
