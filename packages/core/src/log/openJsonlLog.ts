import { closeSync, existsSync, fstatSync, fsyncSync, openSync, readSync, watch, writeSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { defer, from as fromIterable, type Observable } from 'rxjs';
import { PodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { sealRecords } from './createMemoryLog.js';
import { decodeBytes } from './decodeLine.js';
import type { AppendOptions, AppendResult, EventLog, LogHead, ReadRange, StreamRange } from './EventLog.js';
import { followLog } from './followLog.js';
import { LineReader } from './LineReader.js';
import { LogIndex } from './LogIndex.js';
import { acquireLock } from './lockFile.js';
import { planAppend } from './planAppend.js';
import { scanLog } from './scanLog.js';
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

/** Copies `[from, size)` of `path` to a fresh `<path>.<kind>-<n>` file, fsynced; returns its path. */
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
  const out = openSync(target, 'wx');
  try {
    const buf = Buffer.allocUnsafe(Math.min(1 << 20, Math.max(1, size - from)));
    for (let pos = from; pos < size; ) {
      const got = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
      if (got === 0) break;
      writeSync(out, buf, 0, got);
      pos += got;
    }
    fsyncSync(out);
  } finally {
    closeSync(out);
  }
  fsyncDir(path);
  return target;
}

/** Makes a created or renamed file's directory entry durable. */
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
  const index = new LogIndex();
  try {
    const created = !readOnly && !existsSync(path);
    fh = await open(path, readOnly ? 'r' : created ? 'wx+' : 'r+');
    if (created) fsyncDir(path);
    const size = fstatSync(fh.fd).size;
    const scan = scanLog(fh.fd, index, size, file);
    const p = scan.problem;
    if (p && (p.kind === 'damaged' || p.error?.code === 'bad_input')) {
      await fh.close();
      fh = undefined;
      if (p.error?.code === 'bad_input') throw p.error;
      throw damagedError(p.message, { file: path, line: p.line, offset: p.offset });
    }
    if (p && !readOnly) {
      const cut = size - scan.validEnd;
      const aside = copyAside(fh.fd, path, scan.validEnd, size, 'torn', index.head + 1);
      await fh.truncate(scan.validEnd);
      await fh.sync();
      warn(
        `${file}: cut a torn tail of ${cut} bytes after seq ${index.head} (${p.message}; an append that ` +
          `never completed, so never acknowledged); the bytes were copied to ${basename(aside)}.`,
      );
    }
  } catch (e) {
    // Whatever failed, the handle is not left for the garbage collector to close.
    await fh?.close().catch(() => {});
    release();
    throw e;
  }
  return createJsonlLog(path, fh!, index, readOnly, release, options);
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
  const pending = new Map<number, RecordedEvent>();
  let closed = false;
  let durable = { seq: index.head, time: index.headTime };
  let scannedTo = index.offsetOf(index.head + 1);

  const readAt = (seq: number): RecordedEvent => {
    const p = pending.get(seq);
    if (p) return p;
    const off = index.offsetOf(seq);
    const buf = Buffer.allocUnsafe(index.offsetOf(seq + 1) - off);
    readSync(fd, buf, 0, buf.length, off);
    return decodeBytes(buf, 0, buf.length - 1, { file, lineNo: seq, offset: off }, false);
  };
  const queue: WriteQueue | undefined = readOnly
    ? undefined
    : createWriteQueue(fh, options.groupCommit, index.head, (last) => {
        for (let s = durable.seq + 1; s <= last.seq; s++) pending.delete(s);
        durable = last;
        for (const wake of wakers) wake();
      });

  const assertOpen = () => {
    if (closed) throw new PodstateError('bad_input', `${file} is closed; open it again.`, { file: path });
  };
  // A reader picks up what the writer made durable since; torn or unterminated tails are "not yet written".
  const refresh = () => {
    if (!readOnly || closed) return;
    const size = fstatSync(fd).size;
    if (size === scannedTo) return;
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
            : new LineReader(fd, index.offsetOf(first), index.offsetOf(last + 1), first);
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
    async append(stream: string, events: readonly NewEvent[], opts?: AppendOptions): Promise<AppendResult> {
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
        await queue.durable(last.seq);
        return { events: plan.records, nextRevision: last.rev, lastSeq: last.seq };
      }
      if (plan.records.length === 0)
        return { events: [], nextRevision: plan.nextRevision, lastSeq: durable.seq };
      const lines = sealRecords(plan.records);
      let offset = index.offsetOf(index.head + 1);
      const start = offset;
      for (let i = 0; i < lines.length; i++) {
        const r = plan.records[i]!;
        const end = offset + Buffer.byteLength(lines[i]!) + 1;
        index.add(r.seq, r.stream, r.id, r.time, offset, end);
        pending.set(r.seq, r);
        offset = end;
      }
      const last = plan.records[plan.records.length - 1]!;
      await queue.write(`${lines.join('\n')}\n`, start, lines.length, { seq: last.seq, time: last.time });
      return { events: plan.records, nextRevision: plan.nextRevision, lastSeq: last.seq };
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
