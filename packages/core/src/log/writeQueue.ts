import { writeSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { PodstateError } from '../errors.js';
import { encodeHead, HEAD_BYTES } from './headMarker.js';

/** The seq and time of the last record a write makes durable. */
export interface DurablePoint {
  seq: number;
  time: string | undefined;
  /** Byte offset just after the record at `seq`. */
  end: number;
  /** That record's `crc` field. */
  last: string;
}

/** Serialises writes to the log file; each resolves after its bytes are written and fdatasync'ed. */
export interface WriteQueue {
  /** Queues `bytes` (whole lines) for file offset `at`; resolves once durable. */
  write(bytes: Buffer, at: number, records: number, last: DurablePoint): Promise<void>;
  /** Resolves once `seq` is durable. */
  durable(seq: number): Promise<void>;
  /** Resolves once everything queued is durable (or failed). */
  drain(): Promise<void>;
  /** Throws if an earlier write failed: the file's state is then unknown until reopened. */
  assertHealthy(): void;
  /** True once a write has failed. */
  failed(): boolean;
}

interface Item {
  bytes: Buffer;
  at: number;
  records: number;
  last: DurablePoint;
  resolve: () => void;
  reject: (e: unknown) => void;
}

/**
 * Without group commit, each append is its own write + fdatasync. With it, the appends that arrive
 * while one fdatasync runs go out together in the next write (up to `maxBatch` records), optionally
 * after waiting `maxDelayMs` for more; each still resolves only after its own bytes are durable.
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
  const queue: Item[] = [];
  const waiters: { seq: number; resolve: () => void; reject: (e: unknown) => void }[] = [];
  let durableSeq = initialSeq;
  let failure: unknown;
  let running: Promise<void> | undefined;
  const head = Buffer.alloc(HEAD_BYTES);

  async function run(): Promise<void> {
    while (queue.length > 0) {
      if (delay > 0 && queue.length < maxBatch) await new Promise((r) => setTimeout(r, delay));
      let take = 1;
      if (maxBatch > 0) {
        let n = queue[0]!.records;
        while (take < queue.length && n + queue[take]!.records <= maxBatch) n += queue[take++]!.records;
      }
      const group = queue.splice(0, take);
      const last = group[group.length - 1]!.last;
      try {
        const buf = take === 1 ? group[0]!.bytes : Buffer.concat(group.map((g) => g.bytes));
        // Writes into the page cache are synchronous (microseconds, and no thread-pool round trip
        // each); only the fdatasync, which waits on the disk, goes to the thread pool.
        const fd = fh.fd;
        let done = 0;
        while (done < buf.length) done += writeSync(fd, buf, done, buf.length - done, group[0]!.at + done);
        await fh.datasync();
        // The head marker names what is now durable, before anyone is told: recovery then knows
        // every acknowledged record, and a reader shows only those.
        writeSync(fd, encodeHead(last, head), 0, HEAD_BYTES, 0);
      } catch (e) {
        failure = e;
        // A refused write (a full disk, an I/O error) must not come back as records on reopen: cut it.
        try {
          await fh.truncate(group[0]!.at);
          await fh.datasync();
        } catch {}
        for (const g of [...group, ...queue.splice(0)]) g.reject(e);
        for (const w of waiters.splice(0)) w.reject(e);
        return;
      }
      durableSeq = last.seq;
      onDurable(last);
      for (const g of group) g.resolve();
      for (let i = waiters.length - 1; i >= 0; i--) {
        if (waiters[i]!.seq <= durableSeq) waiters.splice(i, 1)[0]!.resolve();
      }
    }
  }

  const kick = () => {
    running ??= run().finally(() => {
      running = undefined;
      if (queue.length > 0 && failure === undefined) kick();
    });
  };

  return {
    write(bytes, at, records, last) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ bytes, at, records, last, resolve, reject });
        kick();
      });
    },
    durable(seq) {
      if (failure !== undefined) return Promise.reject(failure);
      if (seq <= durableSeq || (queue.length === 0 && running === undefined)) return Promise.resolve();
      return new Promise((resolve, reject) => waiters.push({ seq, resolve, reject }));
    },
    async drain() {
      while (running) await running.catch(() => {});
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
  };
}
