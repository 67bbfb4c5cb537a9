// Starts the worker thread of a replay split by Pod before the binary loads the CLI (bin/podstate.js),
// so the worker's isolate starts and loads its modules on the other core while this thread loads
// its own. Imports only node: modules. What it guesses never changes a result: loadWithWorkers
// takes the early worker when the replay is split and starts one itself otherwise; an early
// worker nobody takes waits, unreferenced, until the process exits.
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { threadCpuMs } from './threadCpuMs.js';

/** Logs at least this big are replayed on two threads by default (when the machine has two cores). */
export const AUTO_WORKERS_BYTES = 64 << 20;

/**
 * By default a replay is split only while the machine has this much of a core idle besides the
 * one the replay takes anyway (1-minute load average at most cores - 1 - this): on a busy
 * machine the second thread gets no core of its own, and the split's extra work makes it slower
 * than one thread (docs/decisions.md, "Both cores").
 */
export const AUTO_WORKERS_IDLE = 0.5;

/** The most threads a replay is split over (`--workers`, PODSTATE_WORKERS). */
export const MAX_WORKERS = 16;

// The worker's script is the built one beside this file's build (src/ and dist/ both sit two
// levels below the package), so tests running the sources still start real workers.
export const WORKER_SCRIPT = new URL('../../dist/workers/replayWorker.js', import.meta.url);

/** What the default looks at besides the log: the machine's cores and its 1-minute load average. */
export interface MachineLoad {
  cores: number;
  load: number;
}

// node:os and node:worker_threads (which brings the streams) are required only when needed: every
// command's start-up goes through this module.
const require = createRequire(import.meta.url);

export const machineNow = (): MachineLoad => {
  const os = require('node:os') as typeof import('node:os');
  return { cores: os.availableParallelism(), load: os.loadavg()[0] ?? 0 };
};

/** A worker started early, and why it can no longer be used (it failed or exited). */
interface Early {
  worker: Worker;
  /** This thread's CPU (ms, Linux) when it started the worker. */
  cpuMs: number | undefined;
  failed?: string;
}

let early: Early | undefined;

/** The value of option `name` in `argv` (`--name v` or `--name=v`), the last one given. */
function optionValue(argv: readonly string[], name: string): string | undefined {
  let value: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') break;
    if (a === name) value = argv[i + 1];
    else if (a.startsWith(`${name}=`)) value = a.slice(name.length + 1);
  }
  return value;
}

/**
 * The binary's guess, before it loads the CLI, of whether this command replays a JSONL log split
 * over two threads or more: `get` without `--at`, `--watch` or a PostgreSQL store, with
 * `--workers n` (n ≥ 2), else PODSTATE_WORKERS, else a `--log` (or events.jsonl) of
 * AUTO_WORKERS_BYTES or more with no checkpoint beside it, on two cores or more with one idle —
 * replayThreads' rules, read from the raw arguments. A wrong guess costs a worker's start-up.
 */
export function earlySplit(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
  machine: () => MachineLoad = machineNow,
): boolean {
  if (argv[0] !== 'get') return false;
  const flags = argv.slice(1);
  // -w also inside a cluster of short flags (-Aw); a cluster holding a "w" elsewhere (-owide)
  // only loses the early start.
  const watchOrAt = (a: string) =>
    a === '--at' || a.startsWith('--at=') || a === '--watch' || /^-[^-]*w/.test(a);
  if (flags.some(watchOrAt)) return false;
  if (optionValue(flags, '--store') !== undefined) return false;
  const log = optionValue(flags, '--log');
  if (log === undefined && env.PODSTATE_STORE) return false;
  const chosen = optionValue(flags, '--workers') ?? (env.PODSTATE_WORKERS || undefined);
  if (chosen !== undefined) {
    const n = Number(chosen);
    if (!(/^\d+$/.test(chosen.trim()) && n >= 2 && n <= MAX_WORKERS)) return false;
  }
  const path = resolve(cwd, log ?? 'events.jsonl');
  try {
    const prefix = `${basename(path)}.checkpoint-`;
    if (readdirSync(dirname(path)).some((n) => n.startsWith(prefix))) return false;
    if (chosen !== undefined) return true;
    if (statSync(path).size < AUTO_WORKERS_BYTES) return false;
  } catch {
    return false;
  }
  const { cores, load } = machine();
  return cores >= 2 && load <= cores - 1 - AUTO_WORKERS_IDLE;
}

/**
 * Starts the replay worker now when {@link earlySplit} says the command will split its replay;
 * loadWithWorkers then takes it ({@link takeEarlyWorker}) and hands it its partition. Never throws.
 */
export function prespawnReplayWorker(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  cwd: string,
): void {
  try {
    if (!earlySplit(argv, env, cwd)) return;
    const cpuMs = threadCpuMs();
    const { Worker } = require('node:worker_threads') as typeof import('node:worker_threads');
    const worker = new Worker(WORKER_SCRIPT, { workerData: { early: true } });
    const e: Early = { worker, cpuMs };
    worker.once('error', (err) => {
      e.failed ??= `worker failed: ${err.message}`;
    });
    worker.once('exit', (code) => {
      e.failed ??= `worker exited (${code}) without a result`;
    });
    // The process does not wait for a worker nobody takes.
    worker.unref();
    early = e;
  } catch {
    // loadWithWorkers starts its worker itself.
  }
}

/**
 * The worker {@link prespawnReplayWorker} started, once, if it is still alive, with this thread's
 * CPU (ms) when it started it.
 */
export function takeEarlyWorker(): { worker: Worker; cpuMs: number | undefined } | undefined {
  const e = early;
  early = undefined;
  if (e === undefined) return undefined;
  if (e.failed !== undefined) {
    void e.worker.terminate();
    return undefined;
  }
  e.worker.ref();
  return { worker: e.worker, cpuMs: e.cpuMs };
}
