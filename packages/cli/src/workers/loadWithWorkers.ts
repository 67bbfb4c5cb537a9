import { Worker } from 'node:worker_threads';
import { createFeedBuffers, type FeedBuffers, type PartitionSpec } from '@podstate/core/workers';
import type { LoadedViews } from '../engine/loadAt.js';
import type { OutputStream } from '../io.js';
import { createProgress } from '../output/createProgress.js';
import { mergePartitions } from './mergePartitions.js';
import { takeEarlyWorker, WORKER_SCRIPT } from './prespawn.js';
import { type PartitionResult, replayPartition } from './replayPartition.js';
import { replayWeights } from './replayThreads.js';
import { threadCpuMs } from './threadCpuMs.js';

/**
 * Runs partition `index` of `count` in a worker thread (the one the binary started early, if any:
 * prespawn.ts); a worker that fails gives up (`ok: false`).
 */
function inWorker(
  path: string,
  spec: PartitionSpec,
  feed: FeedBuffers,
  namespace: string | undefined,
): { result: Promise<PartitionResult>; stop(): void; spawnCpuMs: number | undefined } {
  const index = spec.index;
  let worker: Worker | undefined;
  let spawnCpuMs: number | undefined;
  const result = new Promise<PartitionResult>((resolve) => {
    const fail = (reason: string) => resolve({ ok: false, index, reason });
    try {
      const job = { path, spec, feed, namespace };
      const early = takeEarlyWorker();
      if (early !== undefined) {
        ({ worker, cpuMs: spawnCpuMs } = early);
        worker.postMessage(job);
      } else {
        spawnCpuMs = threadCpuMs();
        worker = new Worker(WORKER_SCRIPT, { workerData: job });
      }
    } catch (e) {
      fail(`worker did not start: ${(e as Error).message}`);
      return;
    }
    worker.once('message', (m: PartitionResult) => resolve(m));
    worker.once('error', (e) => fail(`worker failed: ${e.message}`));
    worker.once('exit', (code) => fail(`worker exited (${code}) without a result`));
  });
  return { result, stop: () => void worker?.terminate(), spawnCpuMs };
}

/** What {@link loadWithWorkers} did: the merged views, or why it gave up (the caller then replays on one thread). */
export type WorkersOutcome =
  | {
      views: LoadedViews;
      cpuMs: (number | undefined)[];
      /** This thread's CPU (ms) on entry, after its partition, after the workers' results arrived, after the merge; each partition's thread CPU at its start. */
      phases?: {
        t0: number | undefined;
        t1: number | undefined;
        t2: number | undefined;
        t3: number | undefined;
        starts: (number | undefined)[];
        /** This thread's CPU when it started each worker (before it loaded the CLI for one started early: prespawn.ts). */
        spawns: (number | undefined)[];
      };
    }
  | { fallback: string };

/**
 * Replays a JSONL log split by Pod over `threads` threads: partition 0 on this thread, the others
 * in worker threads (replayPartition), then merges them (mergePartitions) into the views one
 * thread would build. Never reports a problem itself: a damaged log, a refused event or a failed
 * worker gives `{fallback}`, and the one-thread read that follows says what is wrong, as always.
 */
export async function loadWithWorkers(
  path: string,
  threads: number,
  progressTo?: OutputStream,
  namespace?: string,
): Promise<WorkersOutcome> {
  const t0 = threadCpuMs();
  const weights = replayWeights(threads);
  // This thread reads the file and hands each worker its lines through shared memory.
  const feeds = Array.from({ length: threads }, (_, i) => (i === 0 ? undefined : createFeedBuffers()));
  const others = feeds
    .slice(1)
    .map((feed, i) => inWorker(path, { index: i + 1, count: threads, weights }, feed!, namespace));
  let bar: ReturnType<typeof createProgress> | undefined;
  let mine: PartitionResult;
  try {
    mine = replayPartition(
      path,
      { index: 0, count: threads, weights },
      {
        feeds,
        ...(namespace !== undefined ? { namespace } : {}),
        onProgress: (bytes, size) => {
          if (progressTo && size >= 16 << 20)
            bar ??= createProgress(progressTo, { total: size, label: 'replay' });
          bar?.update(bytes);
        },
      },
    );
  } catch (e) {
    // A podstate bug shows on one thread too, where it is reported as one.
    mine = { ok: false, index: 0, reason: `partition 0 threw: ${(e as Error).message}` };
  } finally {
    bar?.stop();
  }
  if (!mine.ok) {
    for (const w of others) w.stop();
    return { fallback: `partition 0: ${mine.reason}` };
  }
  const t1 = threadCpuMs();
  const results = [mine, ...(await Promise.all(others.map((w) => w.result)))];
  for (const w of others) w.stop();
  const t2 = threadCpuMs();
  const merged = mergePartitions(results, namespace);
  if (typeof merged === 'string') return { fallback: merged };
  const t3 = threadCpuMs();
  return {
    views: merged,
    cpuMs: results.map((r) => (r.ok ? r.cpuMs : undefined)),
    phases: {
      t0,
      t1,
      t2,
      t3,
      starts: results.map((r) => (r.ok ? r.startCpuMs : undefined)),
      spawns: others.map((w) => w.spawnCpuMs),
    },
  };
}

/**
 * One line on stderr saying what {@link loadWithWorkers} did, when PODSTATE_WORKERS_TRACE=1 (for
 * tests, benchmarks, and users asking why a replay was not split): on how many threads, with each
 * thread's CPU time (Linux), or why it was read on one thread.
 */
export function traceWorkers(
  outcome: WorkersOutcome,
  threads: number,
  env: Readonly<Record<string, string | undefined>>,
  to: OutputStream | undefined,
): void {
  if (env.PODSTATE_WORKERS_TRACE !== '1' || to === undefined) return;
  if (!('views' in outcome)) {
    to.write(`podstate: replayed on one thread: ${outcome.fallback}\n`);
    return;
  }
  // Each thread's own CPU when its partition was done (the first is this thread's, start-up included).
  const cpu = outcome.cpuMs.every((ms) => ms !== undefined)
    ? ` (CPU per thread: ${outcome.cpuMs.map((ms) => `${(ms! / 1000).toFixed(2)} s`).join(', ')})`
    : '';
  const ph = outcome.phases;
  const phases = ph && env.PODSTATE_WORKERS_TRACE_PHASES === '1' ? ` phases ${JSON.stringify(ph)}` : '';
  to.write(`podstate: replayed on ${threads} threads${cpu}${phases}\n`);
}
