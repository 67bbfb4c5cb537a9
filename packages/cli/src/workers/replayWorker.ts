// A worker thread of a replay split by Pod (loadWithWorkers): replays one partition and posts
// its result. Anything thrown is the worker's 'error' event: the main thread then replays on one thread.
import { parentPort, workerData } from 'node:worker_threads';
import type { FeedBuffers, PartitionSpec } from '@podstate/core/workers';
import { replayPartition } from './replayPartition.js';

const { path, spec, feed } = workerData as { path: string; spec: PartitionSpec; feed: FeedBuffers };
const result = replayPartition(path, spec, { feed });
// The times (4 bytes an event) move to the main thread; the rest is small and cloned.
parentPort!.postMessage(result, result.ok ? [result.times.buffer] : []);
