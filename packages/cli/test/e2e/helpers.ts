import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root and the built binary a user runs. */
export const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
export const binPath = join(repoRoot, 'packages/cli/bin/podstate.js');
const builtEntry = join(repoRoot, 'packages/cli/dist/index.js');

/** What one run of the binary produced. */
export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
}

/** A fresh empty directory under the OS temp dir, for one test. */
export function makeTempDir(): string {
  return mkdtempSync(join(tmpdir(), 'podstate-e2e-'));
}

/**
 * Runs `node packages/cli/bin/podstate.js <args>` in `cwd` as a user would, with no colour forcing
 * and no PODSTATE_STORE inherited from the developer's shell. Needs `tsc -b` first (npm test does it).
 */
export function podstate(
  args: readonly string[],
  options: { cwd: string; env?: Record<string, string>; input?: string },
): RunResult {
  if (!existsSync(builtEntry)) {
    throw new Error(`${builtEntry} is missing: run \`npx tsc -b\` (npm test does) before the e2e tests`);
  }
  const env: Record<string, string | undefined> = { ...process.env, ...options.env };
  for (const name of [
    'PODSTATE_STORE',
    'FORCE_COLOR',
    'NO_COLOR',
    'PODSTATE_DEBUG',
    'PODSTATE_WORKERS',
    'PODSTATE_WORKERS_TRACE',
  ]) {
    if (!options.env || !(name in options.env)) delete env[name];
  }
  const r = spawnSync(process.execPath, [binPath, ...args], {
    cwd: options.cwd,
    env,
    input: options.input ?? '',
    encoding: 'utf8',
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

/** One event envelope as `podstate append` takes it, as a JSON string. */
export function eventJson(
  stream: string,
  type: string,
  second: number,
  data: Record<string, unknown> = {},
): string {
  const time = `2024-05-01T12:00:${String(second).padStart(2, '0')}.000Z`;
  return JSON.stringify({ stream, type, time, data });
}

/**
 * Starts another process that opens `logPath` as its writer (through the built @podstate/core) and
 * holds it until stopped; resolves once it holds the lock.
 */
export async function holdWriterLock(logPath: string): Promise<{ pid: number; stop: () => Promise<void> }> {
  const core = join(repoRoot, 'packages/core/dist/index.js');
  const script = `const { openJsonlLog } = await import(${JSON.stringify(core)});
await openJsonlLog(process.argv[1]);
process.stdout.write('ready\\n');
setInterval(() => {}, 1000);`;
  const child: ChildProcess = spawn(process.execPath, ['--input-type=module', '-e', script, logPath], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`writer exited early with code ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('ready')) resolve();
    });
  });
  return {
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
