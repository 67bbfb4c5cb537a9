import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { EventLog } from '@podstate/core';
import { PodstateError } from '@podstate/core/views';
import { replayThreads } from '../workers/replayThreads.js';
import { assertLogFile } from './assertLogFile.js';
import { redactConnectionString } from './redactConnectionString.js';

/** The options `--log <file>` and `--store <url>` as commander hands them over. */
export interface LogSelection {
  log?: string;
  store?: string;
  /** `--workers <n>` of the read commands (workers/replayThreads.ts). */
  workers?: number;
}

/** Whether the command appends; read-only openings never take the writer's lock. */
export interface LogAccess {
  write: boolean;
  /** Called with each recovery warning (e.g. a torn tail cut off); the CLI prints them on stderr. */
  onWarning?: (message: string) => void;
}

/** An open log and how to name it in messages (a path, or a URL with its password hidden). */
export interface OpenedLog {
  log: EventLog;
  kind: 'jsonl' | 'postgres';
  /** Absolute path of the JSONL file; undefined for PostgreSQL. */
  path?: string;
  /** What to call the log in messages. */
  name: string;
}

/** Where the log lives, without opening it (exported for tests and for commands like verify). */
export type LogTarget =
  | { kind: 'jsonl'; path: string; name: string }
  | { kind: 'postgres'; url: string; name: string };

/**
 * Decides which log the options select. Precedence: `--store`, then `--log`, then the env var
 * PODSTATE_STORE, then `events.jsonl` in `cwd`: an explicit flag always beats the environment.
 */
export function resolveLogTarget(
  selection: LogSelection,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): LogTarget {
  if (selection.store !== undefined && selection.log !== undefined) {
    throw new PodstateError('bad_input', 'give either --log <file> or --store <url>, not both');
  }
  const url = selection.store ?? (selection.log === undefined ? env.PODSTATE_STORE || undefined : undefined);
  if (url !== undefined) {
    if (!/^postgres(?:ql)?:\/\//.test(url)) {
      const from = selection.store !== undefined ? '--store' : 'PODSTATE_STORE';
      throw new PodstateError(
        'bad_input',
        `${from} ${JSON.stringify(redactConnectionString(url))} is not a PostgreSQL URL: use postgres://user@host:5432/database, or --log <file> for a JSONL log`,
      );
    }
    return { kind: 'postgres', url, name: redactConnectionString(url) };
  }
  const file = selection.log ?? 'events.jsonl';
  if (file === '') throw new PodstateError('bad_input', '--log needs a file name, e.g. --log events.jsonl');
  return { kind: 'jsonl', path: resolve(cwd, file), name: file };
}

/**
 * Opens the log chosen by `--log` / `--store` / PODSTATE_STORE. A JSONL log opened for reading
 * must exist; one opened for writing is created when absent.
 * @example const { log } = await openLogFromOptions({ log: 'events.jsonl' }, { write: true }, process.env, process.cwd());
 */
export async function openLogFromOptions(
  selection: LogSelection,
  access: LogAccess,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<OpenedLog> {
  const target = resolveLogTarget(selection, env, cwd);
  if (target.kind === 'postgres') {
    // Loaded lazily so commands on a JSONL log never load the PostgreSQL driver.
    const { createPostgresLog } = await import('@podstate/store-postgres').catch((e: unknown) => {
      if ((e as NodeJS.ErrnoException).code !== 'ERR_MODULE_NOT_FOUND') throw e;
      throw new PodstateError(
        'bad_input',
        `${target.name} is a PostgreSQL log, but @podstate/store-postgres is not installed: npm install @podstate/store-postgres`,
      );
    });
    // How long to ride out a server restart before exit 4 (store unavailable): 15 s unless set.
    const retry = Number(env.PODSTATE_STORE_RETRY_MS);
    const log = await createPostgresLog({
      connectionString: target.url,
      ...(Number.isFinite(retry) && retry >= 0 ? { retryForMs: retry } : {}),
    });
    return { log, kind: 'postgres', name: target.name };
  }
  if (!access.write && !existsSync(target.path)) {
    throw new PodstateError(
      'bad_input',
      `no event log at ${target.name}: pass --log <file> to choose another, or create it with podstate run or podstate append`,
    );
  }
  assertLogFile(target.path, target.name, access.write);
  // Loaded only by commands that open the store (it brings RxJS); read-only commands read the file once.
  const { openJsonlLog } = await import('@podstate/core/log');
  const log = await openJsonlLog(target.path, { readOnly: !access.write, onWarning: access.onWarning });
  return { log, kind: 'jsonl', path: target.path, name: target.name };
}

/**
 * What a read-only command replays: a JSONL file, read once by loadAt without opening the store
 * (no index, no lock), or an opened PostgreSQL log. `close` releases what was opened.
 */
export type ReadSource = (
  | {
      kind: 'jsonl';
      path: string;
      name: string;
      /** Threads a replay from the start is split over (replayThreads); 1 when absent. */
      threads?: number;
    }
  | { kind: 'postgres'; log: EventLog; name: string }
) & { close(): Promise<void> };

/**
 * Selects the log for a read-only command. A JSONL log must exist; it is not opened here (loadAt
 * reads it once). PostgreSQL is opened as openLogFromOptions does.
 */
export async function openReadSource(
  selection: LogSelection,
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): Promise<ReadSource> {
  const target = resolveLogTarget(selection, env, cwd);
  if (target.kind === 'postgres') {
    const { log, name } = await openLogFromOptions(selection, { write: false }, env, cwd);
    return { kind: 'postgres', log, name, close: () => log.close() };
  }
  if (!existsSync(target.path)) {
    throw new PodstateError(
      'bad_input',
      `no event log at ${target.name}: pass --log <file> to choose another, or create it with podstate run or podstate append`,
    );
  }
  assertLogFile(target.path, target.name, false);
  const threads = replayThreads(selection.workers, env, target.path);
  return { kind: 'jsonl', path: target.path, name: target.name, threads, close: async () => {} };
}
