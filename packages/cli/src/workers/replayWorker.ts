// A worker thread of a replay split by Pod (loadWithWorkers): replays one partition and posts
// its result. Anything thrown is the worker's 'error' event: the main thread then replays on one thread.
import { parentPort, workerData } from 'node:worker_threads';
import { type FeedBuffers, giveUpFeed, type PartitionSpec } from '@podstate/core/workers';

const { path, spec, feed, namespace } = workerData as {
  path: string;
  spec: PartitionSpec;
  feed: FeedBuffers;
  namespace: string | undefined;
};
try {
  // Loaded here, not imported above, so a module that fails to load still tells the main thread,
  // which would otherwise wait for this worker to take its lines (readPartition gives up after 60 s).
  const { replayPartition } = await import('./replayPartition.js');
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
