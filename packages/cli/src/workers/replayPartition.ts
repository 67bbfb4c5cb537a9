import type { ClusterEnv, Engine, PodState, RecordedEvent, RemovedPod, Transition } from '@podstate/core';
import { createEngine, profileOf } from '@podstate/core/views';
import {
  type FeedBuffers,
  FeedWriter,
  PartitionFallback,
  type PartitionSpec,
  readFed,
  readPartition,
  ShadowPods,
} from '@podstate/core/workers';
import type { StatusSnapshot } from '@podstate/projections';
import { StatusProjection } from '@podstate/projections/views';
import { type ConfigEvent, isConfigEvent } from '@podstate/scenario/views';
import { threadCpuMs } from './threadCpuMs.js';

/**
 * What one partition of a replay split by Pod hands back, as plain data (it crosses from a
 * worker thread by structured clone): its live Pods and removed Pods with the seq that put each
 * in the engine's maps (so the merge restores the one-thread order), the names it created and
 * freed (Pod name uniqueness across partitions is checked at the merge), and its status fold.
 */
export type PartitionResult =
  | {
      ok: true;
      index: number;
      /** The last seq of the log (every partition reads every line). */
      head: number;
      /** The last event this partition applied, and its time (ms). */
      lastSeq: number;
      lastTime: number | undefined;
      profile: 'current' | 'legacy';
      /** Live Pods in the engine's order, each with the seq of its `pod.created`. */
      pods: [seq: number, state: PodState][];
      /** Removed Pods in the engine's order, each with the seq that removed it. */
      removed: [seq: number, pod: RemovedPod][];
      /** `pod.created` (1) and removal (0) of names, by seq: `[seq, 1|0, namespace/name]`. */
      names: [seq: number, created: 0 | 1, key: string][];
      /**
       * The time of each event this partition applied, at index seq - 1, as ms after the time of
       * the one it applied before (4 bytes an event; NOT_MINE for other partitions' lines,
       * FAR for the first event and gaps of 49 days or more, whose time is in `farTimes`). Its
       * buffer is transferred from a worker, not copied. The merge checks that the whole log's
       * time never goes backwards, which no partition sees (mergePartitions, timeBackwards).
       */
      times: Uint32Array<ArrayBuffer>;
      /** seq → time (ms) of the events marked FAR in `times`. */
      farTimes: Map<number, number>;
      /**
       * The status fold's entries of the live Pods (of PartitionSource.namespace only, when given)
       * in its order, each with the seq of its Pod's `pod.created`.
       */
      status: [seq: number, entry: StatusSnapshot[number]][];
      /** CPU time of the thread that replayed this partition, ms (Linux), for the trace and the benchmark. */
      cpuMs: number | undefined;
      /** CPU time of that thread when the partition started (its start-up), ms (Linux). */
      startCpuMs: number | undefined;
      /** Partition 0 only: the cluster (every partition holds the same) and the Secret/ConfigMap history. */
      env?: ClusterEnv;
      configEvents?: ConfigEvent[];
    }
  | { ok: false; index: number; reason: string };

/**
 * Where a partition's lines come from: partition 0 reads the file and hands the others their
 * lines through `feeds` (one per partition, its own entry empty); a worker's partition reads its
 * `feed` (readFed). With neither, the partition reads and routes the whole file itself.
 */
export interface PartitionSource {
  feeds?: readonly (FeedBuffers | undefined)[];
  feed?: FeedBuffers;
  onProgress?: (bytes: number, size: number) => void;
  /**
   * The only namespace whose Pods the command shows (ViewsWanted.namespace): the status fold
   * follows no other, as one thread's does (StatusProjection.only).
   */
  namespace?: string;
}

/**
 * Replays one partition of a JSONL log (readPartition or readFed): its own Pods and every cluster
 * object into an engine and the status fold, other partitions' shared facts into a ShadowPods. An
 * event the engine refuses ends the partition with `ok: false` (the caller replays on one thread,
 * which reports it as always).
 */
export function replayPartition(
  path: string,
  spec: PartitionSpec,
  source: PartitionSource = {},
): PartitionResult {
  const startCpuMs = threadCpuMs();
  let engine: Engine = createEngine();
  let shadows = new ShadowPods(engine.env);
  const status = new StatusProjection();
  const namespace = source.namespace;
  /** uid → seq of its `pod.created`. */
  const created = new Map<string, number>();
  const removed: [number, RemovedPod][] = [];
  const names: [number, 0 | 1, string][] = [];
  const configEvents: ConfigEvent[] = [];
  const keepConfig = spec.index === 0;
  let lastSeq = 0;
  let lastTime: number | undefined;
  let times = new Uint32Array(1 << 16).fill(NOT_MINE);
  const farTimes = new Map<number, number>();
  let prevTime = 0;
  /** The status fold (StatusProjection.only's filter, which a snapshot refuses, done here). */
  function fold(t: Transition): void {
    if (
      namespace !== undefined &&
      t.uid !== undefined &&
      t.after !== undefined &&
      t.after.ctx.namespace !== namespace
    )
      return;
    status.apply(engine, t);
  }
  const sink = {
    first(r: RecordedEvent) {
      engine = createEngine({ profile: profileOf(r) });
      shadows = new ShadowPods(engine.env);
    },
    event(r: RecordedEvent) {
      // As one thread replays (loadJsonlAt): the engine's reused transition, read before the next step.
      const tr = engine.step(r);
      if (tr === undefined) {
        const refused = engine.apply(r);
        throw new PartitionFallback(
          `seq ${r.seq} does not replay: ${refused.ok ? 'refused' : refused.rejection.message}`,
        );
      }
      fold(tr);
      if (tr.uid !== undefined) {
        if (r.type === 'pod.created') {
          created.set(tr.uid, r.seq);
          names.push([r.seq, 1, `${tr.after!.ctx.namespace}/${tr.after!.ctx.name}`]);
        } else if (tr.after?.value === 'removed') {
          created.delete(tr.uid);
          removed.push([r.seq, engine.removed.get(tr.uid)!]);
          names.push([r.seq, 0, `${tr.after.ctx.namespace}/${tr.after.ctx.name}`]);
        }
      } else if (keepConfig && isConfigEvent(r.type)) configEvents.push(r);
      lastSeq = r.seq;
      lastTime = tr.time;
      if (r.seq > times.length) times = grown(times, r.seq);
      const d = tr.time - prevTime;
      if (d >= 0 && d < FAR) times[r.seq - 1] = d;
      else {
        times[r.seq - 1] = FAR;
        farTimes.set(r.seq, tr.time);
      }
      prevTime = tr.time;
    },
    shadow(r: RecordedEvent) {
      shadows.apply(r);
    },
  };
  const read =
    source.feed !== undefined
      ? readFed(source.feed, path, sink)
      : readPartition(path, spec, sink, {
          ...(source.onProgress ? { onProgress: source.onProgress } : {}),
          ...(source.feeds ? { feeds: source.feeds.map((f) => (f ? new FeedWriter(f) : undefined)) } : {}),
        });
  if (!read.ok) return { ok: false, index: spec.index, reason: read.reason };
  return {
    ok: true,
    index: spec.index,
    head: read.head,
    lastSeq,
    lastTime,
    profile: engine.env.profile,
    pods: [...engine.pods].map(([uid, p]) => [created.get(uid)!, p]),
    removed,
    names,
    times: read.head <= times.length ? times.subarray(0, read.head) : grown(times, read.head),
    farTimes,
    status: statusOf(engine, status, created, namespace),
    ...(keepConfig ? { env: engine.env, configEvents } : {}),
    cpuMs: threadCpuMs(),
    startCpuMs,
  };
}

/**
 * The status fold's entries of the live Pods (of `namespace` only, when given: a node's loss
 * tracks every Pod on it), each with the seq of its Pod's `pod.created`.
 */
function statusOf(
  engine: Engine,
  status: StatusProjection,
  created: ReadonlyMap<string, number>,
  namespace: string | undefined,
): [number, StatusSnapshot[number]][] {
  const out: [number, StatusSnapshot[number]][] = [];
  for (const entry of status.snapshot()) {
    const pod = engine.pods.get(entry[0]);
    if (pod === undefined || (namespace !== undefined && pod.ctx.namespace !== namespace)) continue;
    out.push([created.get(entry[0])!, entry]);
  }
  return out;
}

/** In PartitionResult.times: another partition's line. */
export const NOT_MINE = 0xffffffff;
/** In PartitionResult.times: the time is in `farTimes` (the first event, a gap of 2^32 - 2 ms or more). */
export const FAR = 0xfffffffe;

/** `times` in a buffer of at least `n` entries (doubling), the new ones NOT_MINE. */
function grown(times: Uint32Array<ArrayBuffer>, n: number): Uint32Array<ArrayBuffer> {
  let size = times.length * 2;
  while (size < n) size *= 2;
  const next = new Uint32Array(size).fill(NOT_MINE);
  next.set(times);
  return next;
}
