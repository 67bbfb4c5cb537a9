import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import type { RecordedEvent } from '../events/envelope.js';
import { decodeBytes, type LineContext } from '../log/decodeLine.js';
import { HEAD_BYTES, readHeadState } from '../log/headMarker.js';
import { LineReader } from '../log/LineReader.js';
import {
  FEED_FIRST,
  FEED_POD,
  FEED_REPLAY,
  FEED_SHADOW,
  FEED_SHARED,
  type FeedBuffers,
  FeedReader,
  type FeedWriter,
} from './feed.js';
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
 * Reads a JSONL log for one partition of a replay split by Pod (the binary's partition 0, on the
 * main thread). It reads every line and routes it by a byte scan of its envelope (routeLine: no
 * JSON.parse); with `options.feeds` it hands every other partition the lines that partition needs
 * (readFed reads them there), so the file is read and routed once. It decodes (CRC,
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
  options: ReadPartitionOptions = {},
): PartitionRead {
  let fd: number | undefined;
  let done = false;
  try {
    fd = openSync(path, 'r');
    const r = read(fd, path, spec, sink, options);
    done = true;
    return r;
  } catch (e) {
    if (fd === undefined) return { ok: false, reason: `cannot open: ${(e as Error).message}` };
    if (e instanceof PartitionFallback) return { ok: false, reason: e.reason };
    throw e;
  } finally {
    if (fd !== undefined) closeSync(fd);
    // The workers fed by this read stop with it.
    if (!done) for (const f of options.feeds ?? []) f?.giveUp();
  }
}

/** How {@link readPartition} reports progress and hands the other partitions their lines. */
export interface ReadPartitionOptions {
  onProgress?: (bytes: number, size: number) => void;
  /**
   * One feed per other partition (indexed by partition; this partition's entry empty): each gets,
   * in log order, the lines it replays (its Pods', every cluster object's), other partitions'
   * shared Pod facts and the first line, so it reads no byte of the file itself (readFed).
   * @internal
   */
  feeds?: readonly (FeedWriter | undefined)[];
}

function read(
  fd: number,
  path: string,
  spec: PartitionSpec,
  sink: PartitionSink,
  options: ReadPartitionOptions,
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
  const holder = new Holder(sink);
  let head = 0;
  let end = from;
  let nextProgress = 0;
  const feeds = options.feeds ?? [];
  while (reader.next()) {
    const { buf, start } = reader;
    const lineEnd = reader.end;
    if (reader.overlong) give(`line ${reader.lineNo} is over 1 MiB`);
    if (!routeLine(buf, start, lineEnd, route, salt))
      give(`line ${reader.lineNo} cannot be routed by its bytes`);
    const seq = head + 1;
    const owner = route.pod ? partitionOf(route.hash, cuts) : -1;
    const mine = owner < 0 || owner === spec.index;
    // A Pod line's type says whether other partitions need it (shared); a cluster line is everyone's.
    if (route.pod && routeType(buf, lineEnd, route) < 0)
      give(`line ${reader.lineNo} cannot be routed by its bytes`);
    if (feeds.length > 0) feed(seq, owner, buf, start, lineEnd);
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
      if (mine) holder.hold(r);
      else if (route.shared) sink.shadow(r);
    } else if (holder.holding) {
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
  if (holder.holding) give('incomplete batch at the end');
  if (reader.tail > 0) give('unterminated last line');
  if (state.kind === 'head' && head < state.head.seq) give('the head marker names a seq past the end');
  for (const f of feeds) f?.end(head, end, size);
  return { ok: true, head, end, size };

  /** Hands each other partition the line if it needs it, with its kind and stream position. */
  function feed(seq: number, owner: number, buf: Buffer, start: number, lineEnd: number): void {
    const s0 = route.streamStart - start;
    const sLen = route.streamEnd - route.streamStart;
    if (s0 > 0xffff || sLen > 0xffff) give(`line ${reader.lineNo}: a stream name too long to hand over`);
    const where = s0 * 65536 + sLen;
    const bits = (route.pod ? FEED_POD : 0) | (route.shared ? FEED_SHARED : 0) | (seq === 1 ? FEED_FIRST : 0);
    for (let k = 0; k < feeds.length; k++) {
      const f = feeds[k];
      if (f === undefined) continue;
      const kind = !route.pod || owner === k ? FEED_REPLAY : route.shared ? FEED_SHADOW : 0;
      if (kind !== 0 || seq === 1)
        f.line(seq, kind | bits, where, reader.lineNo, reader.offset, buf, start, lineEnd);
    }
  }
}

/** scanLog's rev and batch checks, on a partition's own lines; complete appends go to the sink. */
class Holder {
  private readonly revisions = new Map<string, number>();
  private held: RecordedEvent[] = [];
  private readonly heldRevs = new Map<string, number>();

  constructor(private readonly sink: PartitionSink) {}

  /** True inside a batch (an append not yet complete). */
  get holding(): boolean {
    return this.held.length > 0;
  }

  hold(r: RecordedEvent): void {
    const b = r.batch;
    const held = this.held;
    const rev =
      (held.length > 0
        ? (this.heldRevs.get(r.stream) ?? this.revisions.get(r.stream))
        : this.revisions.get(r.stream)) ?? 0;
    if (r.rev !== rev + 1) give(`seq ${r.seq}: rev ${r.rev} where ${rev + 1} was expected`);
    if (held.length > 0) {
      const want = held[0]!.batch!;
      if (!(b && b[1] === want[1] && b[0] === held.length)) give(`seq ${r.seq}: batch out of order`);
    } else if (b && b[0] !== 0) give(`seq ${r.seq}: batch does not start a batch`);
    if (b === undefined && held.length === 0) {
      this.commit(r);
      return;
    }
    if (held.some((h) => h.id === r.id)) give(`seq ${r.seq}: id used twice in a batch`);
    held.push(r);
    this.heldRevs.set(r.stream, r.rev);
    if (b === undefined || b[0] === b[1] - 1) {
      this.held = [];
      this.heldRevs.clear();
      for (const h of held) this.commit(h);
    }
  }

  private commit(r: RecordedEvent): void {
    if (r.type === 'pod.removed') this.revisions.delete(r.stream);
    else this.revisions.set(r.stream, r.rev);
    this.sink.event(r);
  }
}

/**
 * A worker's side of a replay split by Pod: reads the lines another thread's readPartition
 * handed it through `feed` (its Pods', every cluster object's, other partitions' shared facts,
 * the first line), with the same checks as readPartition on the lines it replays: CRC, JSON and
 * envelope (decodeBytes), the seq the reader counted, the stream and type the reader routed by
 * (so every thread routed the line alike), rev per stream and batches (a gap in the seqs inside a
 * batch is another partition's line). Reads no byte of the file. Gives up (`ok: false`) as
 * readPartition does; giving up tells the reader thread, which gives up too.
 * @internal
 */
export function readFed(feed: FeedBuffers, file: string, sink: PartitionSink): PartitionRead {
  const reader = new FeedReader(feed);
  try {
    return fed(reader, file, sink);
  } catch (e) {
    reader.giveUp();
    if (e instanceof PartitionFallback) return { ok: false, reason: e.reason };
    throw e;
  }
}

function fed(reader: FeedReader, file: string, sink: PartitionSink): PartitionRead {
  const ctx: LineContext = { file: basename(file), lineNo: 0, offset: 0 };
  const holder = new Holder(sink);
  const buf = reader.buf;
  let last = 0;
  while (reader.next()) {
    const { seq, kind, start } = reader;
    const lineEnd = reader.end;
    if (seq <= last) give(`seq ${seq} handed over after seq ${last}`);
    if (holder.holding && seq !== last + 1) give(`seq ${last + 1}: another partition's line inside a batch`);
    last = seq;
    if ((kind & (FEED_REPLAY | FEED_FIRST)) !== 0) {
      ctx.lineNo = reader.lineNo;
      ctx.offset = reader.offset;
      let r: RecordedEvent;
      try {
        r = decodeBytes(buf, start, lineEnd, ctx, true);
      } catch (e) {
        return give(`line ${reader.lineNo}: ${(e as Error).message}`);
      }
      if (r.seq !== seq) give(`line ${reader.lineNo}: seq ${r.seq} where ${seq} was expected`);
      const s0 = start + (reader.stream >>> 16);
      if (!sameBytes(r.stream, buf, s0, s0 + (reader.stream & 0xffff)))
        give(`line ${reader.lineNo}: the stream bytes and the decoded stream differ`);
      if ((kind & FEED_POD) !== 0 && ((kind & FEED_SHARED) !== 0) !== isSharedPodFact(r.type))
        give(`line ${reader.lineNo}: the type bytes and the decoded type differ`);
      if ((kind & FEED_FIRST) !== 0) sink.first?.(r);
      if ((kind & FEED_REPLAY) !== 0) holder.hold(r);
      else if ((kind & FEED_SHADOW) !== 0) {
        if (holder.holding) give(`seq ${seq}: another partition's line inside a batch`);
        sink.shadow(r);
      }
    } else if ((kind & FEED_SHADOW) !== 0) {
      if (holder.holding) give(`seq ${seq}: another partition's line inside a batch`);
      let r: RecordedEvent;
      try {
        r = JSON.parse(buf.toString('utf8', start, lineEnd)) as RecordedEvent;
      } catch {
        return give(`line ${reader.lineNo} is not JSON`);
      }
      sink.shadow(r);
    }
  }
  if (holder.holding) give('incomplete batch at the end');
  if (last > reader.head) give(`seq ${last} past the head ${reader.head}`);
  return { ok: true, head: reader.head, end: reader.endOffset, size: reader.size };
}
