import {
  closeSync,
  existsSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  watch,
  writeSync,
} from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { defer, from as fromIterable, type Observable } from 'rxjs';
import { PodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { lineTooLong } from './createMemoryLog.js';
import { decodeBytes, MAX_LINE_BYTES } from './decodeLine.js';
import type { AppendOptions, AppendResult, EventLog, LogHead, ReadRange, StreamRange } from './EventLog.js';
import { checkedLineBytes, encodeCheckedInto } from './encodeInto.js';
import { followLog } from './followLog.js';
import {
  crcOfLineEndingAt,
  encodeHead,
  HEAD_BYTES,
  type HeadMarker,
  type HeadState,
  readHeadState,
} from './headMarker.js';
import { LineReader } from './LineReader.js';
import { LogIndex } from './LogIndex.js';
import { acquireLock } from './lockFile.js';
import { planAppend } from './planAppend.js';
import { hasCheckpoints, prefixCrc, readPrefixWitness, writePrefixWitness } from './prefixWitness.js';
import { type ScanProblem, scanLog } from './scanLog.js';
import { createWriteQueue, type WriteQueue } from './writeQueue.js';

/** Options of {@link openJsonlLog}. */
export interface JsonlLogOptions {
  /** Open as a reader: no lock, no recovery, appends refused; follows a writer in another process. */
  readOnly?: boolean;
  /** Batch concurrent appends into one write + fdatasync. */
  groupCommit?: { maxBatch?: number; maxDelayMs?: number };
  /** Receives recovery warnings (default: process.emitWarning). */
  onWarning?: (msg: string) => void;
  /** How often a reader's live$ polls the file size besides fs.watch (default 50 ms). */
  pollMs?: number;
}

/** The JSONL file store: an EventLog plus its file's path. */
export interface JsonlLog extends EventLog {
  readonly path: string;
  readonly readOnly: boolean;
}

/**
 * Copies `[from, size)` of `path` to a fresh `<path>.<kind>-<n>` file, fsynced; returns its path.
 * @internal
 */
export function copyAside(
  fd: number,
  path: string,
  from: number,
  size: number,
  kind: string,
  n: number,
): string {
  let target = `${path}.${kind}-${n}`;
  for (let i = 2; existsSync(target); i++) target = `${path}.${kind}-${n}-${i}`;
  const out = openSync(target, 'wx', 0o600);
  let ok = false;
  try {
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, size - from)));
    for (let pos = from; pos < size; ) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (got === 0) break;
      writeSync(out, buf, 0, got);
      pos += got;
    }
    fsyncSync(out);
    ok = true;
  } finally {
    closeSync(out);
    // A copy that could not be completed (a full disk) leaves no stray file behind.
    if (!ok) rmSync(target, { force: true });
  }
  fsyncDir(path);
  return target;
}

/**
 * Makes a created or renamed file's directory entry durable.
 * @internal
 */
export function fsyncDir(path: string): void {
  try {
    const d = openSync(dirname(path), 'r');
    try {
      fsyncSync(d);
    } finally {
      closeSync(d);
    }
  } catch {} // some platforms cannot fsync directories
}

function damagedError(message: string, details: Record<string, unknown>): PodstateError {
  return new PodstateError(
    'damaged_log',
    `${message}. Damage followed by valid records is corruption, not a torn write: nothing was changed. ` +
      'Run `podstate repair` to keep the valid prefix and move the rest aside.',
    details,
  );
}

/**
 * Opens (creating if needed) a JSONL event log. A writer takes `<path>.lock`, cuts a torn tail aside
 * (warning how many bytes) and refuses a damaged file; a reader (`readOnly`) only tails it.
 * @example const log = await openJsonlLog('events.jsonl', { groupCommit: {} });
 */
export async function openJsonlLog(path: string, options: JsonlLogOptions = {}): Promise<JsonlLog> {
  const file = basename(path);
  const readOnly = options.readOnly === true;
  const warn = options.onWarning ?? ((m: string) => process.emitWarning(m, 'PodstateWarning'));
  if (readOnly && !existsSync(path)) {
    throw new PodstateError('bad_input', `${path} does not exist; a read-only log cannot create it.`, {
      file: path,
    });
  }
  const release = readOnly ? () => {} : acquireLock(path);
  let fh: FileHandle | undefined;
  let index = new LogIndex();
  try {
    const created = !readOnly && !existsSync(path);
    // 0600: the log holds Secret data (base64 is not encryption).
    fh = await open(path, readOnly ? 'r' : created ? 'wx+' : 'r+', 0o600);
    index.readIdsFrom(fh.fd);
    if (readOnly) {
      openReader(fh.fd, index, file, path);
    } else {
      if (created) {
        try {
          writeNewHead(fh.fd);
        } catch (e) {
          // Nothing was ever acknowledged: a log that could not be created leaves no file behind.
          await fh.close().catch(() => {});
          fh = undefined;
          rmSync(path, { force: true });
          throw e;
        }
        fsyncDir(path);
      }
      const recovered = recoverWriter(fh.fd, index, file, path, warn);
      if (recovered === 'legacy') {
        // A format-1 file gets a head marker once: rewritten beside, then renamed over (atomic).
        await fh.close();
        fh = undefined;
        upgradeLegacy(path, index);
        fh = await open(path, 'r+');
        index = new LogIndex();
        index.readIdsFrom(fh.fd);
        recoverWriter(fh.fd, index, file, path, warn);
      }
    }
  } catch (e) {
    // Whatever failed, the handle is not left for the garbage collector to close.
    await fh?.close().catch(() => {});
    release();
    throw e;
  }
  return createJsonlLog(path, fh!, index, readOnly, release, options);
}

/** A fresh file gets the marker of an empty log, durable before anything else is written. */
function writeNewHead(fd: number): void {
  ftruncateSync(fd, 0);
  writeSync(fd, encodeHead({ seq: 0, end: HEAD_BYTES, last: '00000000' }), 0, HEAD_BYTES, 0);
  fsyncSync(fd);
}

/**
 * A writer's recovery: indexes the valid prefix, refuses damage (anything wrong at or before the
 * acknowledged head the marker names, a marker that is itself damaged), and cuts aside a torn tail
 * past it. Returns 'legacy' for a format-1 file (recovered by the format-1 rules, not yet upgraded).
 */
function recoverWriter(
  fd: number,
  index: LogIndex,
  file: string,
  path: string,
  warn: (m: string) => void,
): 'head' | 'legacy' {
  let size = fstatSync(fd).size;
  let state = readHeadState(fd, size);
  if (state.kind === 'new') {
    writeNewHead(fd);
    size = HEAD_BYTES;
    state = readHeadState(fd, size);
  }
  if (state.kind === 'bad')
    throw damagedError(`${file} ${state.message}`, { file: path, line: 1, offset: 0 });
  const head = state.kind === 'head' ? state.head : undefined;
  if (head) index.setBase(HEAD_BYTES, 1);
  const scan = scanLog(fd, index, size, file);
  const p = scan.problem;
  if (p?.error?.code === 'bad_input') throw p.error;
  if (head) assertHeadHeld(fd, index, head, file, path, size, p);
  if (p?.kind === 'damaged') throw damagedError(p.message, { file: path, line: p.line, offset: p.offset });
  if (p) {
    const cut = size - scan.validEnd;
    const aside = copyAside(fd, path, scan.validEnd, size, 'torn', index.head + 1);
    ftruncateSync(fd, scan.validEnd);
    fsyncSync(fd);
    warn(
      `${file}: cut a torn tail of ${cut} bytes after seq ${index.head} (${p.message}; an append that ` +
        `never completed, so never acknowledged); the bytes were copied to ${basename(aside)}.`,
    );
  }
  if (head && index.head > head.seq) {
    // Complete appends past the marker: written and synced, the process died before marking them.
    const end = index.offsetOf(index.head + 1);
    writeSync(fd, encodeHead({ seq: index.head, end, last: crcOfLineEndingAt(fd, end) }), 0, HEAD_BYTES, 0);
    fsyncSync(fd);
  }
  return head ? 'head' : 'legacy';
}

/** Throws damaged_log unless every record up to the marker's seq is present, intact and the same. */
function assertHeadHeld(
  fd: number,
  index: LogIndex,
  head: HeadMarker,
  file: string,
  path: string,
  size: number,
  p: ScanProblem | undefined,
): void {
  let wrong: string | undefined;
  if (index.head < head.seq) {
    const why = p ? p.message : `the file ends at byte ${size}`;
    wrong =
      `the head marker says seq ${head.seq} (ending at byte ${head.end}) was acknowledged, but the ` +
      `valid records end at seq ${index.head}: ${why}`;
  } else if (head.seq > 0) {
    const end = index.offsetOf(head.seq + 1);
    const last = crcOfLineEndingAt(fd, end);
    if (end !== head.end || last !== head.last) {
      wrong =
        `the head marker names seq ${head.seq} ending at byte ${head.end} with crc ${head.last}, but that ` +
        `record ends at byte ${end} with crc ${last} (the file was replaced or edited)`;
    }
  }
  if (wrong) {
    throw damagedError(`${file}: ${wrong}`, {
      file: path,
      line: p?.line ?? index.head + 2,
      offset: p?.offset ?? index.offsetOf(index.head + 1),
    });
  }
}

/** A reader's open: everything up to the marker's head (format 2) or every complete append (format 1). */
function openReader(fd: number, index: LogIndex, file: string, path: string): number {
  const size = fstatSync(fd).size;
  const state = readHeadStateSettled(fd, size);
  if (state.kind === 'bad')
    throw damagedError(`${file} ${state.message}`, { file: path, line: 1, offset: 0 });
  if (state.kind === 'new') {
    index.setBase(HEAD_BYTES, 1);
    return HEAD_BYTES;
  }
  const limit = state.kind === 'head' ? state.head.end : size;
  if (state.kind === 'head') index.setBase(HEAD_BYTES, 1);
  const scan = scanLog(fd, index, Math.min(limit, size), file);
  const p = scan.problem;
  if (p && (p.kind === 'damaged' || p.error?.code === 'bad_input' || state.kind === 'head')) {
    if (p.error?.code === 'bad_input') throw p.error;
    throw damagedError(p.message, { file: path, line: p.line, offset: p.offset });
  }
  if (state.kind === 'head' && index.head < state.head.seq) {
    throw damagedError(
      `${file}: the head marker says seq ${state.head.seq} was acknowledged, but the file ends at byte ${size}`,
      { file: path, line: index.head + 2, offset: index.offsetOf(index.head + 1) },
    );
  }
  return scan.problem ? size : scan.validEnd;
}

/** A marker read beside a writer may catch its in-place rewrite half done: read again before judging. */
function readHeadStateSettled(fd: number, size: number): HeadState {
  let state = readHeadState(fd, size);
  for (let i = 0; i < 5 && state.kind === 'bad'; i++) state = readHeadState(fd, fstatSync(fd).size);
  return state;
}

/** Rewrites a recovered format-1 file as format 2 (marker + the same records), atomically by rename. */
function upgradeLegacy(path: string, index: LogIndex): void {
  const tmp = `${path}.upgrade-${process.pid}`;
  const src = openSync(path, 'r');
  let out: number | undefined;
  try {
    const end = index.offsetOf(index.head + 1);
    const last = index.head === 0 ? '00000000' : crcOfLineEndingAt(src, end);
    out = openSync(tmp, 'w', 0o600);
    writeSync(out, encodeHead({ seq: index.head, end: end + HEAD_BYTES, last }), 0, HEAD_BYTES, 0);
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let pos = 0; pos < end; ) {
      const got = readSync(src, buf, 0, Math.min(buf.length, end - pos), pos);
      if (got === 0) break;
      writeSync(out, buf, 0, got, HEAD_BYTES + pos);
      pos += got;
    }
    fsyncSync(out);
    closeSync(out);
    out = undefined;
    renameSync(tmp, path);
    fsyncDir(path);
  } catch (e) {
    if (out !== undefined) closeSync(out);
    rmSync(tmp, { force: true });
    throw e;
  } finally {
    closeSync(src);
  }
}

function createJsonlLog(
  path: string,
  fh: FileHandle,
  index: LogIndex,
  readOnly: boolean,
  release: () => void,
  options: JsonlLogOptions,
): JsonlLog {
  const file = basename(path);
  const fd = fh.fd;
  const wakers = new Set<() => void>();
  // Records not yet durable, by seq from pendingBase (readAt serves idempotent retries from them).
  const pending: RecordedEvent[] = [];
  let pendingBase = index.head + 1;
  let lens = new Float64Array(16);
  index.readIdsFrom(fd, (seq) => (seq >= pendingBase ? pending[seq - pendingBase] : undefined));
  let closed = false;
  let durable = { seq: index.head, time: index.headTime };
  let scannedTo = index.offsetOf(index.head + 1);

  const readAt = (seq: number): RecordedEvent => {
    if (seq >= pendingBase) {
      const p = pending[seq - pendingBase];
      if (p) return p;
    }
    const off = index.offsetOf(seq);
    const buf = Buffer.allocUnsafe(index.offsetOf(seq + 1) - off);
    readSync(fd, buf, 0, buf.length, off);
    return decodeBytes(buf, 0, buf.length - 1, { file, lineNo: seq + index.lineBase, offset: off }, false);
  };
  const queue: WriteQueue | undefined = readOnly
    ? undefined
    : createWriteQueue(fh, options.groupCommit, index.head, (last) => {
        const settled = last.seq - pendingBase + 1;
        // Usually every pending record (a single append's, a group's): emptied without a copy.
        if (settled >= pending.length) pending.length = 0;
        else pending.splice(0, settled);
        pendingBase = last.seq + 1;
        durable.seq = last.seq;
        durable.time = last.time;
        if (wakers.size > 0) for (const wake of wakers) wake();
      });

  // Beside a log with checkpoints, the writer carries the CRC of the record bytes (verified now,
  // continued over every write) and leaves it as the prefix witness at close (prefixWitness.ts).
  if (queue && hasCheckpoints(path)) {
    try {
      const end = index.offsetOf(index.head + 1);
      queue.trackPrefix(prefixCrc(fd, HEAD_BYTES, end, readPrefixWitness(path, fd)));
    } catch {} // no witness then: readers read the prefix
  }

  const assertOpen = () => {
    if (closed) throw new PodstateError('bad_input', `${file} is closed; open it again.`, { file: path });
  };
  // A reader picks up what the writer made durable since; torn or unterminated tails are "not yet written".
  const refresh = () => {
    if (!readOnly || closed) return;
    let size = fstatSync(fd).size;
    if (index.lineBase === 1) {
      // Format 2: only what the writer has acknowledged (its head marker) counts.
      const state = readHeadStateSettled(fd, size);
      if (state.kind === 'head') size = Math.min(size, state.head.end);
      else if (state.kind === 'bad') {
        throw damagedError(`${file} ${state.message}`, { file: path, line: 1, offset: 0 });
      } else return;
    }
    if (size <= scannedTo) return;
    const scan = scanLog(fd, index, size, file);
    if (scan.problem?.kind === 'damaged') {
      throw damagedError(scan.problem.message, {
        file: path,
        line: scan.problem.line,
        offset: scan.problem.offset,
      });
    }
    scannedTo = scan.problem ? size : scan.validEnd;
    durable = { seq: index.head, time: index.headTime };
  };

  // A hand-written iterator: cheaper per event than an async generator, which matters on full replays.
  function readSeqs(from: number, to: number): AsyncIterable<RecordedEvent> {
    return {
      [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
        const first = Math.max(1, from);
        const last = Math.min(to, durable.seq);
        const reader =
          closed || first > last
            ? undefined
            : new LineReader(fd, index.offsetOf(first), index.offsetOf(last + 1), first + index.lineBase);
        const ctx = { file, lineNo: 0, offset: 0 };
        const done: IteratorResult<RecordedEvent> = { done: true, value: undefined };
        return {
          next(): Promise<IteratorResult<RecordedEvent>> {
            try {
              if (!reader || closed || !reader.next()) return Promise.resolve(done);
              ctx.lineNo = reader.lineNo;
              ctx.offset = reader.offset;
              return Promise.resolve({
                done: false,
                value: decodeBytes(reader.buf, reader.start, reader.end, ctx, false),
              });
            } catch (e) {
              return Promise.reject(e);
            }
          },
        };
      },
    };
  }

  return {
    path,
    readOnly,
    append(stream: string, events: readonly NewEvent[], opts?: AppendOptions): Promise<AppendResult> {
      // One promise per append (the group's, shared by every append it holds, then this one's
      // result); a refusal is a rejected promise, never a throw.
      try {
        assertOpen();
        if (!queue) {
          throw new PodstateError(
            'bad_input',
            `${file} is open read-only; open it without readOnly to append.`,
          );
        }
        queue.assertHealthy();
        const plan = planAppend(index, readAt, stream, events, opts);
        if (plan.kind === 'duplicate') {
          const last = plan.records[plan.records.length - 1]!;
          const result = { events: plan.records, nextRevision: last.rev, lastSeq: last.seq };
          return queue.durable(last.seq).then(() => result);
        }
        const records = plan.records;
        if (records.length === 0)
          return Promise.resolve({ events: [], nextRevision: plan.nextRevision, lastSeq: durable.seq });
        // Each record is encoded once, straight into its group's buffer: its CRC, its length and
        // the write all use those bytes.
        const start = index.offsetOf(index.head + 1);
        const g = queue.open(records.length, start);
        const len0 = g.len;
        if (lens.length < records.length) lens = new Float64Array(records.length * 2);
        for (let i = 0; i < records.length; i++) {
          const r = records[i]!;
          const data = JSON.stringify(r.data);
          const subject = r.subject;
          const meta = r.meta === undefined ? undefined : JSON.stringify(r.meta);
          const buf = queue.reserve(g, checkedLineBytes(r, subject, data, meta));
          const n = encodeCheckedInto(r, subject, data, meta, buf, g.len);
          if (n > MAX_LINE_BYTES + 1) {
            queue.rollback(g, len0);
            throw lineTooLong(r, i, n - 1);
          }
          g.len += n;
          lens[i] = n;
        }
        let offset = start;
        for (let i = 0; i < records.length; i++) {
          const r = records[i]!;
          const end = offset + lens[i]!;
          index.add(r.seq, r.stream, r.id, r.time, offset, end);
          pending.push(r);
          offset = end;
        }
        const last = records[records.length - 1]!;
        g.records += records.length;
        g.last.seq = last.seq;
        g.last.time = last.time;
        g.last.end = offset;
        g.last.last = last.crc!;
        const result = { events: records, nextRevision: plan.nextRevision, lastSeq: last.seq };
        return queue.commit(g) ? Promise.resolve(result) : g.done.then(() => result);
      } catch (e) {
        return Promise.reject(e);
      }
    },
    read(range: ReadRange = {}): AsyncIterable<RecordedEvent> {
      return {
        [Symbol.asyncIterator]: () => {
          refresh();
          return readSeqs(range.from ?? 1, range.to ?? durable.seq)[Symbol.asyncIterator]();
        },
      };
    },
    async *readStream(stream: string, range: StreamRange = {}): AsyncIterable<RecordedEvent> {
      refresh();
      const seqs = index.streams.get(stream) ?? [];
      const lastRev = Math.min(range.toRevision ?? seqs.length, seqs.length);
      for (let rev = Math.max(1, range.fromRevision ?? 1); rev <= lastRev; rev++) {
        const seq = seqs[rev - 1]!;
        if (seq > durable.seq || closed) return;
        yield readAt(seq);
      }
    },
    read$(from = 1): Observable<RecordedEvent> {
      return defer(() => {
        refresh();
        return fromIterable(readSeqs(from, durable.seq));
      });
    },
    live$(from = 1): Observable<RecordedEvent> {
      return followLog(
        {
          readFrom: (f) => {
            refresh();
            return readSeqs(f, durable.seq);
          },
          watch: (wake) => watchLog(path, readOnly, wakers, wake, options.pollMs ?? 50),
        },
        from,
      );
    },
    async head(): Promise<LogHead> {
      refresh();
      return durable.seq === 0 ? { seq: 0 } : { seq: durable.seq, time: durable.time! };
    },
    async close(): Promise<void> {
      if (closed) return;
      await queue?.drain();
      closed = true;
      // The marker written after the last fdatasync becomes durable too.
      if (queue && !queue.failed()) {
        const synced = await fh.datasync().then(
          () => true,
          () => false,
        );
        const crc = queue.prefixCrc();
        if (synced && crc !== undefined)
          writePrefixWitness(path, fd, { start: HEAD_BYTES, end: index.offsetOf(index.head + 1), crc });
      }
      wakers.clear();
      await fh.close();
      release();
    },
  };
}

/** Wakes a follower on every durable commit (writer) or on file changes seen by fs.watch and polling (reader). */
function watchLog(
  path: string,
  readOnly: boolean,
  wakers: Set<() => void>,
  wake: () => void,
  pollMs: number,
) {
  wakers.add(wake);
  if (!readOnly) return () => wakers.delete(wake);
  let watcher: ReturnType<typeof watch> | undefined;
  try {
    watcher = watch(path, () => wake());
    watcher.on('error', () => {});
  } catch {} // polling alone still works
  const timer = setInterval(wake, pollMs);
  return () => {
    wakers.delete(wake);
    watcher?.close();
    clearInterval(timer);
  };
}
