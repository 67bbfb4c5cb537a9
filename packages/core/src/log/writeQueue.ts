import { fdatasyncSync, ftruncateSync, writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
// Imported, not the global: the global `performance` is a lazy accessor, looked up by a getter
// call on every use.
import { performance } from 'node:perf_hooks';
import { crc32 as zlibCrc32 } from 'node:zlib';
import { PodstateError } from '../errors.js';
import { HEAD_BYTES, headEncoder } from './headMarker.js';
import { SyncChooser } from './syncChooser.js';

/** The seq and time of the last record a write makes durable. */
export interface DurablePoint {
  seq: number;
  time: string | undefined;
  /** Byte offset just after the record at `seq`. */
  end: number;
  /** That record's `crc` field. */
  last: string;
}

/**
 * Appends that go to the file together: one write and one fdatasync. Appends encode their lines
 * straight into `buf` (from `len` on), so a group costs no buffer per append and no copy; its
 * buffer is reused by a later group once it is durable.
 */
export interface Group {
  buf: Buffer;
  /** Bytes encoded so far. */
  len: number;
  /** File offset of `buf[0]`. */
  readonly at: number;
  /** Records encoded so far. */
  records: number;
  /** The last record's durable point (the appends update it in place). */
  readonly last: DurablePoint;
  /** Resolves once every byte of the group is durable; rejects if its write failed. */
  readonly done: Promise<void>;
}

interface OpenGroup extends Group {
  appends: number;
  sealed: boolean;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/** Serialises writes to the log file; each group resolves after its bytes are written and fdatasync'ed. */
export interface WriteQueue {
  /**
   * The group the next append of `records` records goes into (a new one when the open group is
   * being written, is full, or — without group commit — already holds an append). The caller
   * encodes into it with {@link reserve}, updates `len`, `records` and `last`, then calls
   * {@link commit}, or {@link rollback} on refusal.
   */
  open(records: number, at: number): Group;
  /** Makes room for `bytes` more bytes in `g.buf` (which may be replaced by a bigger buffer). */
  reserve(g: Group, bytes: number): Buffer;
  /**
   * The append is encoded into `g`: send it. Returns true when it is already durable (a single
   * append written on this thread, see {@link createWriteQueue}); throws if that write failed.
   * Otherwise `g.done` settles once it is.
   */
  commit(g: Group): boolean;
  /** Forgets the bytes an append encoded past `len` (a refused append leaves nothing). */
  rollback(g: Group, len: number): void;
  /** Resolves once `seq` is durable. */
  durable(seq: number): Promise<void>;
  /** Resolves once everything queued is durable (or failed). */
  drain(): Promise<void>;
  /** Throws if an earlier write failed: the file's state is then unknown until reopened. */
  assertHealthy(): void;
  /** True once a write has failed. */
  failed(): boolean;
  /**
   * CRC-32 of the record bytes `[start, end)` of the file as written so far, when the writer
   * started it from a known value ({@link trackPrefix}); undefined otherwise.
   */
  prefixCrc(): number | undefined;
  /** Starts the running CRC-32 of the file's record bytes from `crc` (the bytes before the next write). */
  trackPrefix(crc: number): void;
}

const MIN_BUFFER = 1 << 16;

/**
 * Without group commit, each append is its own write + fdatasync. When nothing is queued, it is
 * written at commit on the calling thread — `writeSync`, `fdatasyncSync`, the head marker — and is
 * durable before `commit` returns (no thread-pool round trip, no promise per write; the event loop
 * waits on the disk meanwhile), unless {@link SyncChooser} measured the thread pool's fdatasync
 * quicker on this machine just now; then it goes through the queue as a group of one. With group commit, the appends
 * that arrive while one fdatasync runs (on the thread pool, so the next group is encoded meanwhile)
 * go out together in the next write (up to `maxBatch` records), optionally after waiting
 * `maxDelayMs` for more; each still resolves only after its own bytes are durable.
 * @internal
 */
export function createWriteQueue(
  fh: FileHandle,
  groupCommit: { maxBatch?: number; maxDelayMs?: number } | undefined,
  initialSeq: number,
  onDurable: (last: DurablePoint) => void,
): WriteQueue {
  const maxBatch = groupCommit ? Math.max(1, groupCommit.maxBatch ?? 10_000) : 0;
  const delay = groupCommit?.maxDelayMs ?? 0;
  const queue: OpenGroup[] = [];
  const spare: Buffer[] = [];
  const waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let durableSeq = initialSeq;
  let failure: unknown;
  let running: Promise<void> | undefined;
  let crc: number | undefined;
  // Group commit keeps the disk and the CPU busy together: while one group's fdatasync runs, the
  // next is encoded. When a group is durable and the next one holds fewer than half of the appends
  // in flight (the callers just released are about to append again), that next group is left
  // open until it holds half (`fillTo` appends) or this turn of the event loop ends, rather than
  // sealed with the few it has: otherwise the groups settle at 1 and N-1 appends, and the CPU
  // waits on the disk for the big group's fdatasync once a cycle.
  const balance = maxBatch > 0 && delay === 0;
  let deferred = false;
  let fillTo = 0;
  const flushDeferred = () => {
    if (!deferred) return;
    deferred = false;
    kick();
  };
  const encodeHead = headEncoder();
  // Without group commit: the one group every append reuses, written at its commit.
  const solo: OpenGroup | undefined =
    maxBatch === 0
      ? {
          buf: Buffer.allocUnsafe(MIN_BUFFER),
          len: 0,
          at: 0,
          records: 0,
          last: { seq: 0, time: undefined, end: 0, last: '00000000' },
          done: Promise.resolve(),
          appends: 0,
          sealed: false,
          resolve: () => {},
          reject: () => {},
        }
      : undefined;

  const chooser = solo === undefined ? undefined : new SyncChooser();

  /** Writes `g` now on this thread (write, fdatasync, marker); on failure cuts it and throws. */
  function writeNow(g: OpenGroup): void {
    const fd = fh.fd;
    const last = g.last;
    // The marker is encoded before the fdatasync and written after it, as always: its bytes
    // depend only on `last`, known now, and encoding it here, next to the records just encoded
    // (the CRC tables and the encoder still in cache), leaves less to run, cold, between the
    // fdatasync's return and the acknowledgement.
    const head = encodeHead(last);
    try {
      // Only a probe's time is recorded (SyncChooser.record): the clock is read for those alone.
      const t0 = chooser!.probing ? performance.now() : -1;
      let done = 0;
      while (done < g.len) done += writeSync(fd, g.buf, done, g.len - done, g.at + done);
      fdatasyncSync(fd);
      if (t0 >= 0) chooser!.record('sync', performance.now() - t0);
      writeSync(fd, head, 0, HEAD_BYTES, 0);
    } catch (e) {
      failure = e;
      crc = undefined;
      try {
        ftruncateSync(fd, g.at);
        fdatasyncSync(fd);
      } catch {}
      throw e;
    }
    if (crc !== undefined) crc = zlibCrc32(g.buf.subarray(0, g.len), crc);
    durableSeq = last.seq;
    onDurable(last);
  }

  function newGroup(at: number): OpenGroup {
    let resolve!: () => void;
    let reject!: (e: unknown) => void;
    const done = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    const g: OpenGroup = {
      buf: spare.pop() ?? Buffer.allocUnsafe(MIN_BUFFER),
      len: 0,
      at,
      records: 0,
      last: { seq: 0, time: undefined, end: 0, last: '00000000' },
      done,
      appends: 0,
      sealed: false,
      resolve,
      reject,
    };
    queue.push(g);
    return g;
  }

  async function run(): Promise<void> {
    while (queue.length > 0) {
      let g = queue[0]!;
      if (delay > 0 && g.records < maxBatch) await new Promise((r) => setTimeout(r, delay));
      g = queue[0]!;
      g.sealed = true;
      const last = g.last;
      try {
        // Writes into the page cache are synchronous (microseconds, and no thread-pool round trip
        // each); only the fdatasync, which waits on the disk, goes to the thread pool.
        const fd = fh.fd;
        // Encoded now (no other write runs until this group's marker is written), written after
        // the fdatasync.
        const head = encodeHead(last);
        const t0 = chooser?.probing === true ? performance.now() : -1;
        let done = 0;
        while (done < g.len) done += writeSync(fd, g.buf, done, g.len - done, g.at + done);
        await fh.datasync();
        if (t0 >= 0) chooser!.record('pool', performance.now() - t0);
        // The head marker names what is now durable, before anyone is told: recovery then knows
        // every acknowledged record, and a reader shows only those.
        writeSync(fd, head, 0, HEAD_BYTES, 0);
      } catch (e) {
        failure = e;
        crc = undefined;
        // A refused write (a full disk, an I/O error) must not come back as records on reopen: cut it.
        try {
          await fh.truncate(g.at);
          await fh.datasync();
        } catch {}
        for (const q of queue.splice(0)) q.reject(e);
        for (const w of waiters.splice(0)) w.reject(e);
        return;
      }
      if (crc !== undefined) crc = zlibCrc32(g.buf.subarray(0, g.len), crc);
      queue.shift();
      if (g.buf.length <= 1 << 24) spare.push(g.buf);
      durableSeq = last.seq;
      onDurable(last);
      g.resolve();
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.seq <= durableSeq) waiters.splice(i, 1)[0]!.resolve();
      }
      const next = queue[0];
      if (balance && next !== undefined && next.appends * 2 < g.appends + next.appends) {
        fillTo = Math.ceil((g.appends + next.appends) / 2);
        deferred = true;
        setImmediate(flushDeferred);
        return;
      }
    }
  }

  function kick(): void {
    running ??= run().finally(() => {
      running = undefined;
      if (queue.length > 0 && failure === undefined && !deferred) kick();
    });
  }

  return {
    open(records, at) {
      if (solo !== undefined && queue.length === 0 && running === undefined && chooser!.next() === 'sync') {
        (solo as { at: number }).at = at;
        solo.len = 0;
        solo.records = 0;
        solo.appends = 0;
        return solo;
      }
      const g = queue[queue.length - 1];
      if (g !== undefined && !g.sealed && g.appends > 0 && maxBatch > 0 && g.records + records <= maxBatch) {
        return g;
      }
      return newGroup(at);
    },
    reserve(g, bytes) {
      if (g.len + bytes > g.buf.length) {
        const bigger = Buffer.allocUnsafe(Math.max(g.buf.length * 2, g.len + bytes));
        g.buf.copy(bigger, 0, 0, g.len);
        g.buf = bigger;
      }
      return g.buf;
    },
    commit(g) {
      if (g === solo) {
        writeNow(solo);
        return true;
      }
      const o = g as OpenGroup;
      o.appends++;
      // A group left open to fill up goes out once it holds its share (or a later group began).
      if (deferred && (o.appends >= fillTo || o !== queue[0])) deferred = false;
      if (!deferred) kick();
      return false;
    },
    rollback(g, len) {
      g.len = len;
      const o = g as OpenGroup;
      if (o === solo) return;
      // An empty group that no append holds is dropped (it was the last one queued).
      if (o.appends === 0 && queue[queue.length - 1] === o && !o.sealed) {
        queue.pop();
        spare.push(o.buf);
      }
    },
    durable(seq) {
      if (failure !== undefined) return Promise.reject(failure);
      if (seq <= durableSeq || (queue.length === 0 && running === undefined)) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ seq, resolve, reject }));
    },
    async drain() {
      for (;;) {
        flushDeferred();
        if (running === undefined) return;
        await running.catch(() => {});
      }
    },
    failed: () => failure !== undefined,
    assertHealthy() {
      if (failure !== undefined) {
        throw new PodstateError(
          'damaged_log',
          `An earlier write to the log failed (${String(failure)}); close and reopen the log to recover.`,
        );
      }
    },
    prefixCrc: () => (failure === undefined ? crc : undefined),
    trackPrefix(c) {
      crc = c;
    },
  };
}
