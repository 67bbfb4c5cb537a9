import { PartitionFallback } from './readPartition.js';

/**
 * The lines one reader thread hands a worker of a replay split by Pod, through shared memory:
 * a ring of fixed-size blocks in a SharedArrayBuffer (no copy between threads but the one into the
 * ring, no structured clone, no second read of the file). Each record is a line's seq, its kind
 * (FEED_* bits), where its stream is, and its bytes, padded to 4 bytes.
 * The writer blocks (Atomics.wait) while every block is full; the reader while none is. Either
 * side can give up: the other sees it at its next wait or block and gives up too.
 * @internal
 */
export interface FeedBuffers {
  /** [blocks written, blocks consumed, state (FeedState), head], then the end and size as two halves each. */
  control: SharedArrayBuffer;
  /** `blocks` blocks of `blockBytes` bytes; each starts with its used length (u32). */
  data: SharedArrayBuffer;
  blocks: number;
  blockBytes: number;
}

/** A line the partition replays: one of its Pods' or a cluster object's. @internal */
export const FEED_REPLAY = 1;
/** Another partition's shared Pod fact (LineRoute.shared). @internal */
export const FEED_SHADOW = 2;
/** The log's first line (its profile), whichever partition owns it. @internal */
export const FEED_FIRST = 4;
/** The line's stream is a Pod's (`pod/<uid>`), by its bytes. @internal */
export const FEED_POD = 8;
/** The line's type bytes name a shared Pod fact (LineRoute.shared). @internal */
export const FEED_SHARED = 16;

/** A record's header: seq, length * 32 + kind, stream position, line number, file offset (two halves). */
const HEADER = 24;

const WRITTEN = 0;
const CONSUMED = 1;
const STATE = 2;
const HEAD = 3;
const END_LO = 4;
const END_HI = 5;
const SIZE_LO = 6;
const SIZE_HI = 7;

const RUNNING = 0;
const DONE = 1;
const WRITER_GAVE_UP = 2;
const READER_GAVE_UP = 3;

/** How long a side waits for the other to move before it gives up (a worker that died, say). */
const STALL_MS = 60_000;
const WAIT_MS = 200;

/**
 * Blocks of 2 MiB hold any line a replay accepts (1 MiB at most) with its header; 8 of them (16 MiB,
 * ~6 % of the bench log) let the reader run ahead while a worker starts. @internal
 */
export function createFeedBuffers(blocks = 8, blockBytes = 2 << 20): FeedBuffers {
  return {
    control: new SharedArrayBuffer(8 * 4),
    data: new SharedArrayBuffer(blocks * blockBytes),
    blocks,
    blockBytes,
  };
}

/**
 * Marks `f` given up by its reader without a FeedReader (a worker whose modules failed to load):
 * the writer stops at its next block instead of waiting for a reader that never comes. @internal
 */
export function giveUpFeed(f: FeedBuffers): void {
  const c = new Int32Array(f.control);
  Atomics.compareExchange(c, STATE, RUNNING, READER_GAVE_UP);
  Atomics.notify(c, CONSUMED);
}

/** The reader thread's side of a feed. @internal */
export class FeedWriter {
  private readonly ctl: Int32Array;
  private readonly bytes: Buffer;
  private readonly words: Uint32Array;
  private written = 0;
  /** Byte position in the data of the next record, inside the current block. */
  private pos: number;
  private blockStart = 0;

  constructor(private readonly f: FeedBuffers) {
    this.ctl = new Int32Array(f.control);
    this.bytes = Buffer.from(f.data);
    this.words = new Uint32Array(f.data);
    this.pos = 4;
  }

  /**
   * Appends the line `buf[start, end)` with its seq, its kind (FEED_* bits) and where its stream's
   * bytes are (`offset << 16 | length`, from the line's start: FeedReader.stream).
   */
  line(
    seq: number,
    kind: number,
    stream: number,
    lineNo: number,
    offset: number,
    buf: Uint8Array,
    start: number,
    end: number,
  ): void {
    const len = end - start;
    const size = HEADER + ((len + 3) & ~3);
    if (size + 4 > this.f.blockBytes)
      throw new PartitionFallback(`a line of ${len} bytes is too long to hand over`);
    if (this.pos + size > this.blockStart + this.f.blockBytes) this.flush();
    const w = this.pos >> 2;
    this.words[w] = seq;
    this.words[w + 1] = len * 32 + kind;
    this.words[w + 2] = stream;
    this.words[w + 3] = lineNo;
    this.words[w + 4] = offset % 2 ** 32;
    this.words[w + 5] = Math.floor(offset / 2 ** 32);
    // A plain Uint8Array view (not a Buffer's subarray, whose subclass is slower to make).
    this.bytes.set(new Uint8Array(buf.buffer, buf.byteOffset + start, len), this.pos + HEADER);
    this.pos += size;
  }

  /** Publishes the last block and the log's head, end offset and size: the reader's read is complete. */
  end(head: number, end: number, size: number): void {
    this.flush();
    const c = this.ctl;
    c[HEAD] = head;
    c[END_LO] = end % 2 ** 31;
    c[END_HI] = Math.floor(end / 2 ** 31);
    c[SIZE_LO] = size % 2 ** 31;
    c[SIZE_HI] = Math.floor(size / 2 ** 31);
    Atomics.store(c, STATE, DONE);
    Atomics.notify(c, WRITTEN);
  }

  /**
   * Tells the reader this read gave up (it then gives up too, after the lines already written:
   * a problem it finds there is its own to report).
   */
  giveUp(): void {
    // The block being written is always free (flush waited for it): publishing it never waits.
    if (this.pos > this.blockStart + 4) {
      this.words[this.blockStart >> 2] = this.pos - this.blockStart;
      Atomics.store(this.ctl, WRITTEN, ++this.written);
      this.pos = this.blockStart + 4;
    }
    Atomics.compareExchange(this.ctl, STATE, RUNNING, WRITER_GAVE_UP);
    Atomics.notify(this.ctl, WRITTEN);
  }

  /** Publishes the current block (if it holds anything) and waits until the next one is free. */
  private flush(): void {
    const c = this.ctl;
    if (this.pos > this.blockStart + 4) {
      this.words[this.blockStart >> 2] = this.pos - this.blockStart;
      Atomics.store(c, WRITTEN, ++this.written);
      Atomics.notify(c, WRITTEN);
    }
    let waited = 0;
    for (;;) {
      if (Atomics.load(c, STATE) === READER_GAVE_UP) throw new PartitionFallback('a worker gave up');
      const consumed = Atomics.load(c, CONSUMED);
      if (this.written - consumed < this.f.blocks) break;
      if (Atomics.wait(c, CONSUMED, consumed, WAIT_MS) !== 'timed-out') continue;
      waited += WAIT_MS;
      if (waited >= STALL_MS) throw new PartitionFallback('a worker stopped taking lines');
    }
    this.blockStart = (this.written % this.f.blocks) * this.f.blockBytes;
    this.pos = this.blockStart + 4;
  }
}

/** What a worker's feed reader sees of each line (filled in place by FeedReader.next). @internal */
export class FeedReader {
  /** The line is `buf[start, end)`, with its seq and kind (FEED_*). */
  readonly buf: Buffer;
  start = 0;
  end = 0;
  seq = 0;
  kind = 0;
  /** Where the line's stream bytes are, as the reader thread routed it: `offset << 16 | length` from `start`. */
  stream = 0;
  /** The line's number and byte offset in the file (for the reason a partition gives up). */
  lineNo = 0;
  offset = 0;
  /** Once next() returned false: the log's head, end offset and size as the reader thread read them. */
  head = 0;
  endOffset = 0;
  size = 0;
  private readonly ctl: Int32Array;
  private readonly words: Uint32Array;
  private consumed = 0;
  private pos = 0;
  private blockEnd = 0;

  constructor(private readonly f: FeedBuffers) {
    this.ctl = new Int32Array(f.control);
    this.buf = Buffer.from(f.data);
    this.words = new Uint32Array(f.data);
  }

  /** The next line, waiting for the writer; false at the end of the log. Throws PartitionFallback if the writer gave up. */
  next(): boolean {
    if (this.pos >= this.blockEnd && !this.nextBlock()) return false;
    const w = this.pos >> 2;
    this.seq = this.words[w]!;
    const lk = this.words[w + 1]!;
    const len = lk >>> 5;
    this.kind = lk & 31;
    this.stream = this.words[w + 2]!;
    this.lineNo = this.words[w + 3]!;
    this.offset = this.words[w + 4]! + this.words[w + 5]! * 2 ** 32;
    this.start = this.pos + HEADER;
    this.end = this.start + len;
    this.pos += HEADER + ((len + 3) & ~3);
    return true;
  }

  /** Tells the writer this partition gave up. */
  giveUp(): void {
    Atomics.compareExchange(this.ctl, STATE, RUNNING, READER_GAVE_UP);
    Atomics.notify(this.ctl, CONSUMED);
  }

  private nextBlock(): boolean {
    const c = this.ctl;
    if (this.blockEnd > 0) {
      // Hands the block just read back to the writer.
      Atomics.store(c, CONSUMED, ++this.consumed);
      Atomics.notify(c, CONSUMED);
    }
    let waited = 0;
    for (;;) {
      const written = Atomics.load(c, WRITTEN);
      if (written > this.consumed) break;
      const state = Atomics.load(c, STATE);
      if (state === WRITER_GAVE_UP) throw new PartitionFallback('the reader thread gave up');
      if (state === DONE && Atomics.load(c, WRITTEN) === this.consumed) {
        this.head = c[HEAD]!;
        this.endOffset = c[END_LO]! + c[END_HI]! * 2 ** 31;
        this.size = c[SIZE_LO]! + c[SIZE_HI]! * 2 ** 31;
        this.blockEnd = 0;
        return false;
      }
      if (Atomics.wait(c, WRITTEN, written, WAIT_MS) !== 'timed-out') continue;
      waited += WAIT_MS;
      if (waited >= STALL_MS) throw new PartitionFallback('the reader thread stopped handing lines over');
    }
    const start = (this.consumed % this.f.blocks) * this.f.blockBytes;
    this.pos = start + 4;
    this.blockEnd = start + this.words[start >> 2]!;
    return true;
  }
}
