import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type { RecordedEvent } from '../events/envelope.js';
import { decodeBytes, type LineContext } from '../log/decodeLine.js';
import { HEAD_BYTES, readHeadState } from '../log/headMarker.js';
import { LineReader } from '../log/LineReader.js';
import {
  createLineRoute,
  isSharedPodFact,
  partitionCuts,
  partitionOf,
  routeLine,
  routeType,
} from './routeLine.js';

/** Which share of the Pods a partition replays: those whose uid hashes to `index` of `count` (partitionOf). */
export interface PartitionSpec {
  index: number;
  count: number;
  /** Mixed into the uid hash (tests draw it to move Pods between partitions); default 0. */
  salt?: number;
  /**
   * Relative share of the Pods of each partition (`count` numbers; default equal). Every
   * partition of one replay must be given the same.
   */
  weights?: readonly number[];
}

/** Where a partition's records go, in log order. */
export interface PartitionSink {
  /** The log's first record, before anything else, whichever partition owns it (its `meta.profile`). */
  first?(r: RecordedEvent): void;
  /** A record this partition replays: one of its own Pods', or a cluster object's (every partition replays those). */
  event(r: RecordedEvent): void;
  /** Another partition's Pod fact that changes the cluster or names a Pod's node or images (LineRoute.shared). */
  shadow(r: RecordedEvent): void;
}

/** What a partition's read saw: the whole log was checked and handed over, or why this fast path gives up. */
export type PartitionRead =
  | { ok: true; head: number; end: number; size: number }
  | { ok: false; reason: string };

/**
 * Thrown (by readPartition, or by a sink) when a partitioned replay cannot vouch for giving the
 * one-thread result: a damaged line, a refused event, a torn tail, a batch across partitions.
 * The caller then replays the log on one thread, which reports the problem as it always does.
 * @internal
 */
export class PartitionFallback extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'PartitionFallback';
  }
}

const give = (reason: string): never => {
  throw new PartitionFallback(reason);
};

/** True when `s` (a decoded envelope string) is exactly the bytes `buf[s0, s1)` the route found. */
function sameBytes(s: unknown, buf: Buffer, s0: number, s1: number): boolean {
  if (typeof s !== 'string' || s.length !== s1 - s0) return false;
  for (let k = 0; k < s.length; k++) if (s.charCodeAt(k) !== buf[s0 + k]) return false;
  return true;
}

/**
 * Reads a JSONL log for one partition of a replay split by Pod. Every partition reads every line
 * and routes it by a byte scan of its envelope (routeLine: no JSON.parse), then decodes (CRC,
 * JSON, envelope shape) and hands over, in log order, only the lines it replays: its own Pods'
 * (by a hash of the uid) and every cluster object's (nodes, Secrets, ConfigMaps, the clock), so
 * each partition sees the cluster as a one-thread replay does at each of its events. Other
 * partitions' Pod facts that change the cluster (LineRoute.shared) are parsed and handed to
 * `sink.shadow`. Checks on the lines it decodes: seq contiguous (every line is counted), rev per
 * stream (a stream lives in one partition), batches (all of a batch must be this partition's).
 * Time never going backwards across partitions is not checked here: each partition's engine
 * checks its own events, and the merge checks the whole log's order from the times each partition
 * applied (mergePartitions). Anything it cannot vouch for returns `{ok: false}`: the caller
 * then replays on one thread, which reports it exactly as before. Reads like readJsonlOnce: a
 * format-2 log up to its head marker, a format-1 log to its end.
 * @internal
 */
export function readPartition(
  path: string,
  spec: PartitionSpec,
  sink: PartitionSink,
  options: { onProgress?: (bytes: number, size: number) => void } = {},
): PartitionRead {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    return { ok: false, reason: `cannot open: ${(e as Error).message}` };
  }
  try {
    return read(fd, path, spec, sink, options);
  } catch (e) {
    if (e instanceof PartitionFallback) return { ok: false, reason: e.reason };
    throw e;
  } finally {
    closeSync(fd);
  }
}

function read(
  fd: number,
  path: string,
  spec: PartitionSpec,
  sink: PartitionSink,
  options: { onProgress?: (bytes: number, size: number) => void },
): PartitionRead {
  const size = fstatSync(fd).size;
  const state = readHeadState(fd, size);
  if (state.kind === 'bad') give('damaged head marker');
  const marked = state.kind !== 'legacy';
  const limit = state.kind === 'head' ? Math.min(state.head.end, size) : state.kind === 'new' ? 0 : size;
  const from = marked ? HEAD_BYTES : 0;
  const lineBase = marked ? 1 : 0;
  const reader = new LineReader(fd, Math.min(from, limit), limit, 1 + lineBase);
  const ctx: LineContext = { file: basename(path), lineNo: 0, offset: 0 };
  const route = createLineRoute();
  const salt = spec.salt ?? 0;
  const cuts = partitionCuts(spec);
  const revisions = new Map<string, number>();
  let held: RecordedEvent[] = [];
  const heldRevs = new Map<string, number>();
  let head = 0;
  let end = from;
  let nextProgress = 0;
  while (reader.next()) {
    const { buf, start } = reader;
    const lineEnd = reader.end;
    if (reader.overlong) give(`line ${reader.lineNo} is over 1 MiB`);
    if (!routeLine(buf, start, lineEnd, route, salt))
      give(`line ${reader.lineNo} cannot be routed by its bytes`);
    const seq = head + 1;
    const mine = !route.pod || partitionOf(route.hash, cuts) === spec.index;
    // A Pod line's type says whether other partitions need it (shared); a cluster line is everyone's.
    if (route.pod && routeType(buf, lineEnd, route) < 0)
      give(`line ${reader.lineNo} cannot be routed by its bytes`);
    if (mine || seq === 1) {
      ctx.lineNo = reader.lineNo;
      ctx.offset = reader.offset;
      let r: RecordedEvent;
      try {
        r = decodeBytes(buf, start, lineEnd, ctx, true);
      } catch (e) {
        return give(`line ${reader.lineNo}: ${(e as Error).message}`);
      }
      if (r.seq !== seq) give(`line ${reader.lineNo}: seq ${r.seq} where ${seq} was expected`);
      // Every thread routed this line by its bytes: the decoded record must say the same (a
      // duplicate JSON key could make them differ).
      if (!sameBytes(r.stream, buf, route.streamStart, route.streamEnd))
        give(`line ${reader.lineNo}: the stream bytes and the decoded stream differ`);
      if (route.pod && route.shared !== isSharedPodFact(r.type))
        give(`line ${reader.lineNo}: the type bytes and the decoded type differ`);
      if (seq === 1) sink.first?.(r);
      if (mine) hold(r);
      else if (route.shared) sink.shadow(r);
    } else if (held.length > 0) {
      give(`line ${reader.lineNo}: another partition's line inside a batch`);
    } else if (route.shared) {
      // Another partition's Pod: its owner checks the CRC and everything else; here only its data counts.
      let r: RecordedEvent;
      try {
        r = JSON.parse(buf.toString('utf8', start, lineEnd)) as RecordedEvent;
      } catch {
        return give(`line ${reader.lineNo} is not JSON`);
      }
      sink.shadow(r);
    }
    head = seq;
    end = reader.offset + (lineEnd - start) + 1;
    if (options.onProgress && end >= nextProgress) {
      options.onProgress(end, size);
      nextProgress = end + (1 << 22);
    }
  }
  if (held.length > 0) give('incomplete batch at the end');
  if (reader.tail > 0) give('unterminated last line');
  if (state.kind === 'head' && head < state.head.seq) give('the head marker names a seq past the end');
  return { ok: true, head, end, size };

  /** scanLog's rev and batch checks, on this partition's own lines; complete appends go to the sink. */
  function hold(r: RecordedEvent): void {
    const b = r.batch;
    const rev =
      (held.length > 0 ? (heldRevs.get(r.stream) ?? revisions.get(r.stream)) : revisions.get(r.stream)) ?? 0;
    if (r.rev !== rev + 1) give(`seq ${r.seq}: rev ${r.rev} where ${rev + 1} was expected`);
    if (held.length > 0) {
      const want = held[0]!.batch!;
      if (!(b && b[1] === want[1] && b[0] === held.length)) give(`seq ${r.seq}: batch out of order`);
    } else if (b && b[0] !== 0) give(`seq ${r.seq}: batch does not start a batch`);
    if (b === undefined && held.length === 0) {
      commit(r);
      return;
    }
    if (held.some((h) => h.id === r.id)) give(`seq ${r.seq}: id used twice in a batch`);
    held.push(r);
    heldRevs.set(r.stream, r.rev);
    if (b === undefined || b[0] === b[1] - 1) {
      const done = held;
      held = [];
      heldRevs.clear();
      for (const h of done) commit(h);
    }
  }

  function commit(r: RecordedEvent): void {
    if (r.type === 'pod.removed') revisions.delete(r.stream);
    else revisions.set(r.stream, r.rev);
    sink.event(r);
  }
}
