import { PodstateError } from '@podstate/core';
import type { QueryResult, QueryResultRow } from 'pg';

/** What readers need of a pool: queries (the log passes one that retries over reconnects). */
export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(text: string, values?: unknown[]): Promise<QueryResult<R>>;
}

/** SQLSTATE classes and codes that mean "the server or the connection went away", not "your query is wrong". */
const TRANSIENT_SQLSTATES = new Set([
  '57P01', // admin_shutdown (pg_ctl stop, immediate or fast)
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now (starting up, recovering)
  '53300', // too_many_connections
  '40001', // serialization_failure
  '40P01', // deadlock_detected
]);
const TRANSIENT_ERRNO = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
]);
const TRANSIENT_MESSAGE =
  /Connection terminated|connection error|not queryable|terminating connection|server closed the connection|Client was closed|timeout exceeded when trying to connect/i;

/** True for errors a retry after reconnecting can cure: the server restarted, the connection dropped. */
export function isConnectionFault(e: unknown): boolean {
  if (e instanceof PodstateError) return false;
  const err = e as { code?: string; message?: string } | undefined;
  if (err?.code !== undefined && (TRANSIENT_SQLSTATES.has(err.code) || err.code.startsWith('08')))
    return true;
  if (err?.code !== undefined && TRANSIENT_ERRNO.has(err.code)) return true;
  return TRANSIENT_MESSAGE.test(err?.message ?? '');
}

/** The exit-4 error: the store is unavailable; nothing is wrong with the input; retry. */
export function unavailable(where: string, cause: unknown, what: string): PodstateError {
  const reason = (cause as Error)?.message ?? String(cause);
  return new PodstateError(
    'store_unavailable',
    `The PostgreSQL log at ${where} is unavailable (${reason}). ${what}`,
    { cause: reason },
  );
}

/**
 * Runs `fn`, retrying on connection faults with a growing pause (50 ms doubling to 1 s) until
 * `budgetMs` has passed (Infinity: until `stop()` says so); then throws the last fault.
 */
export async function retrying<T>(
  fn: (attempt: number) => Promise<T>,
  budgetMs: number,
  stop: () => boolean = () => false,
): Promise<T> {
  const started = performance.now();
  let pause = 50;
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (e) {
      if (!isConnectionFault(e) || stop() || performance.now() - started + pause > budgetMs) throw e;
    }
    await new Promise((r) => setTimeout(r, pause));
    pause = Math.min(1000, pause * 2);
  }
}
