// The shared-memory feed of a replay split by Pod (issue 14 item 3): the reader thread hands a
// worker its lines through a ring of blocks; every line arrives once, in order, byte for byte,
// across a real thread boundary, and either side giving up stops the other.
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/envelope.js';
import { encodeRecord } from '../log/encodeRecord.js';
import { createFeedBuffers, FEED_REPLAY, FEED_SHADOW, FeedReader, FeedWriter, giveUpFeed } from './feed.js';
import { PartitionFallback, readFed } from './readPartition.js';

const line = (i: number) => Buffer.from(`{"line":${i},"pad":"${'x'.repeat((i * 37) % 300)}"}`);

describe('FeedWriter / FeedReader', () => {
  it('hands 5,000 lines to a worker thread through a ring far smaller than they are, in order and byte for byte', async () => {
    // 3 blocks of 4 KiB: the writer waits for the reader hundreds of times.
    const feed = createFeedBuffers(3, 4096);
    const reader = new Worker(
      `const { parentPort, workerData } = require('node:worker_threads');
       import(workerData.module).then(({ FeedReader }) => {
         const r = new FeedReader(workerData.feed);
         const got = [];
         while (r.next()) got.push([r.seq, r.kind, r.stream, r.lineNo, r.offset, r.buf.toString('latin1', r.start, r.end)]);
         parentPort.postMessage({ got, head: r.head, end: r.endOffset, size: r.size });
       });`,
      {
        eval: true,
        workerData: { feed, module: new URL('../../dist/workers/feed.js', import.meta.url).href },
      },
    );
    const result = new Promise<{ got: unknown[][]; head: number; end: number; size: number }>((ok, fail) => {
      reader.once('message', ok);
      reader.once('error', fail);
    });
    const w = new FeedWriter(feed);
    const want: unknown[][] = [];
    for (let i = 1; i <= 5000; i++) {
      const b = line(i);
      // A line between two other bytes, as in a read buffer.
      const buf = Buffer.concat([Buffer.from('\n'), b, Buffer.from('\n')]);
      const offset = i * 2 ** 33 + 7;
      w.line(i, i % 8, i * 65536 + 3, i + 1, offset, buf, 1, 1 + b.length);
      want.push([i, i % 8, i * 65536 + 3, i + 1, offset, b.toString('latin1')]);
    }
    w.end(5000, 2 ** 40 + 5, 2 ** 41 + 3);
    const r = await result;
    await reader.terminate();
    expect(r.got).toEqual(want);
    expect([r.head, r.end, r.size]).toEqual([5000, 2 ** 40 + 5, 2 ** 41 + 3]);
  });

  it('a reader that gives up stops the writer at its next block (it never waits for a reader gone)', () => {
    const feed = createFeedBuffers(2, 4096);
    const w = new FeedWriter(feed);
    new FeedReader(feed).giveUp();
    expect(() => {
      for (let i = 1; i <= 100; i++) w.line(i, FEED_REPLAY, 0, i, 0, line(i), 0, line(i).length);
    }).toThrow(new PartitionFallback('a worker gave up'));
  });

  it('a worker whose modules never loaded (giveUpFeed, no FeedReader) stops the writer too', () => {
    const feed = createFeedBuffers(2, 4096);
    const w = new FeedWriter(feed);
    giveUpFeed(feed);
    expect(() => {
      for (let i = 1; i <= 100; i++) w.line(i, FEED_REPLAY, 0, i, 0, line(i), 0, line(i).length);
    }).toThrow(new PartitionFallback('a worker gave up'));
  });

  it('a writer that gives up: the reader still reads the lines handed over, then gives up too', () => {
    const feed = createFeedBuffers(2, 4096);
    const w = new FeedWriter(feed);
    for (let i = 1; i <= 3; i++) w.line(i, FEED_REPLAY, 0, i, 0, line(i), 0, line(i).length);
    w.giveUp();
    const r = new FeedReader(feed);
    const seqs: number[] = [];
    expect(() => {
      while (r.next()) seqs.push(r.seq);
    }).toThrow(new PartitionFallback('the reader thread gave up'));
    expect(seqs).toEqual([1, 2, 3]);
  });

  it('a line longer than a block is refused, not split', () => {
    const w = new FeedWriter(createFeedBuffers(2, 1024));
    const big = Buffer.alloc(2000, 0x61);
    expect(() => w.line(1, FEED_REPLAY, 0, 1, 0, big, 0, big.length)).toThrow(/too long to hand over/);
  });
});

describe('readFed: scanLog batch checks on a worker that sees only its own lines', () => {
  const rec = (seq: number, rev: number, batch?: [number, number]): RecordedEvent => ({
    v: 1,
    seq,
    stream: 'node/n1',
    rev,
    id: `id-${seq}`,
    type: 'node.registered',
    sv: 1,
    time: '2026-01-01T00:00:00.000Z',
    data: { node: 'n1' },
    ...(batch ? { batch } : {}),
  });
  /** Feeds `records` (with the seqs they carry) to a partition and reads them. */
  function readOf(records: RecordedEvent[], head: number, kinds: number[] = []) {
    const feed = createFeedBuffers(2, 1 << 16);
    const w = new FeedWriter(feed);
    records.forEach((r, i) => {
      const b = Buffer.from(encodeRecord(r));
      const s0 = b.indexOf('"stream":"') + 10;
      w.line(r.seq, kinds[i] ?? FEED_REPLAY, s0 * 65536 + r.stream.length, r.seq, 0, b, 0, b.length);
    });
    w.end(head, 0, 0);
    const events: number[] = [];
    const read = readFed(feed, 'x.jsonl', { event: (r) => events.push(r.seq), shadow() {} });
    return { read, events };
  }

  it('a whole batch is handed on once complete', () => {
    expect(readOf([rec(1, 1, [0, 2]), rec(2, 2, [1, 2])], 2)).toEqual({
      read: { ok: true, head: 2, end: 0, size: 0 },
      events: [1, 2],
    });
  });

  it("a batch with another partition's line inside it (a gap in the seqs) is not vouched for", () => {
    expect(readOf([rec(1, 1, [0, 2]), rec(3, 2, [1, 2])], 3).read).toEqual({
      ok: false,
      reason: "seq 2: another partition's line inside a batch",
    });
    // Or a shadowed line of another partition's Pod.
    expect(
      readOf([rec(1, 1, [0, 2]), rec(2, 2), rec(3, 2, [1, 2])], 3, [FEED_REPLAY, FEED_SHADOW]).read,
    ).toEqual({ ok: false, reason: "seq 2: another partition's line inside a batch" });
  });

  it('a batch the log ends inside is not vouched for', () => {
    expect(readOf([rec(1, 1, [0, 2])], 1).read).toEqual({ ok: false, reason: 'incomplete batch at the end' });
  });
});
