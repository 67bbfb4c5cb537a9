import { statSync } from 'node:fs';
import { listCheckpoints, PodstateError } from '@podstate/core/views';
import type { CommandOption } from '../command.js';
import {
  AUTO_WORKERS_BYTES,
  AUTO_WORKERS_IDLE,
  MAX_WORKERS,
  type MachineLoad,
  machineNow,
} from './prespawn.js';

export { AUTO_WORKERS_BYTES, AUTO_WORKERS_IDLE, MAX_WORKERS, type MachineLoad };

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
 * Measured on the 1M-event bench log: docs/decisions.md, "Both cores, session 6"; checked again
 * with the worker started before the CLI loads ("Both cores, session 9").
 */
export function replayWeights(threads: number): number[] {
  return Array.from({ length: threads }, (_, i) => (i === 0 ? 0.83 : 1));
}
