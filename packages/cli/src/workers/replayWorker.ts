// A worker thread of a replay split by Pod (loadWithWorkers): replays one partition and posts
// its result. Anything thrown is the worker's 'error' event: the main thread then replays on one thread.
// Started either with its partition in workerData, or early (prespawn.ts, `{early: true}`): it
// then loads its modules at once and takes its partition from the first message.
import { parentPort, workerData } from 'node:worker_threads';
import { type FeedBuffers, giveUpFeed, type PartitionSpec } from '@podstate/core/workers';

interface Job {
  path: string;
  spec: PartitionSpec;
  feed: FeedBuffers;
  namespace: string | undefined;
}

// Loaded here, not imported above, so a module that fails to load still tells the main thread,
// which would otherwise wait for this worker to take its lines (readPartition gives up after 60 s).
const loading = import('./replayPartition.js');
loading.catch(() => {});
const job: Job = (workerData as { early?: true }).early
  ? await new Promise<Job>((take) => parentPort!.once('message', take))
  : (workerData as Job);
const { path, spec, feed, namespace } = job;
try {
  const { replayPartition } = await loading;
  const result = replayPartition(path, spec, {
    feed,
    ...(namespace !== undefined ? { namespace } : {}),
  });
  // The times (4 bytes an event) move to the main thread; the rest is small and cloned.
  parentPort!.postMessage(result, result.ok ? [result.times.buffer] : []);
} catch (e) {
  giveUpFeed(feed);
  throw e;
}
