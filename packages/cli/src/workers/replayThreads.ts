import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { listCheckpoints, PodstateError } from '@podstate/core/views';
import type { CommandOption } from '../command.js';

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

/** `--workers <n>` as a number, or bad input (exit 2) naming the fix. */
export function parseWorkers(value: string, from = '--workers'): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isInteger(n) || n < 1 || n > MAX_WORKERS) {
    throw new PodstateError(
      'bad_input',
      `${from} ${JSON.stringify(value)} is not a number of threads: give 1 (one thread) to ${MAX_WORKERS}`,
    );
  }
  return n;
}

/** The `--workers <n>` option of the read commands. */
export const workersOption: CommandOption = {
  flags: '--workers <n>',
  description:
    'replay a JSONL log split by Pod over n threads (1: one thread; default: 2 for logs of 64 MiB ' +
    'or more on a machine with 2 cores or more and a core idle, else 1; PODSTATE_WORKERS sets the default)',
  parse: (value) => parseWorkers(value),
};

/** What the default looks at besides the log: the machine's cores and its 1-minute load average. */
export interface MachineLoad {
  cores: number;
  load: number;
}

const machineNow = (): MachineLoad => ({ cores: availableParallelism(), load: loadavg()[0] ?? 0 });

/**
 * How many threads replay the JSONL log at `path` from its start: `--workers`, else
 * PODSTATE_WORKERS, else 2 for a log of at least {@link AUTO_WORKERS_BYTES} on a machine with two
 * cores or more whose load average leaves a core idle ({@link AUTO_WORKERS_IDLE}), else 1. A log
 * with a checkpoint beside it is read on one thread (its tail is short).
 */
export function replayThreads(
  workers: number | undefined,
  env: Readonly<Record<string, string | undefined>>,
  path: string,
  machine: () => MachineLoad = machineNow,
): number {
  const fromEnv = env.PODSTATE_WORKERS;
  const chosen =
    workers ??
    (fromEnv !== undefined && fromEnv !== '' ? parseWorkers(fromEnv, 'PODSTATE_WORKERS') : undefined);
  if (chosen === 1) return 1;
  if (listCheckpoints(path).length > 0) return 1;
  if (chosen !== undefined) return chosen;
  let size = 0;
  try {
    size = statSync(path).size;
  } catch {
    return 1;
  }
  if (size < AUTO_WORKERS_BYTES) return 1;
  const { cores, load } = machine();
  return cores >= 2 && load <= cores - 1 - AUTO_WORKERS_IDLE ? 2 : 1;
}

/**
 * How the Pods are shared between `threads` partitions: this thread's partition (0) gets 17 % less
 * than each worker's, for the work only it does (reading and routing every line, handing the
 * workers theirs, merging, printing), less the start-up a worker does after this thread has begun.
 * Measured on the 1M-event bench log: docs/decisions.md, "Both cores, session 6".
 */
export function replayWeights(threads: number): number[] {
  return Array.from({ length: threads }, (_, i) => (i === 0 ? 0.83 : 1));
}
