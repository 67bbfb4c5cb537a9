import { readSync } from 'node:fs';
import { IdTable } from './IdTable.js';

/**
 * What the stores keep in memory about every record: stream revisions, ids and (for the file store)
 * byte offsets. Decoded events themselves are not kept, so a large log costs a few bytes per event.
 */
export class LogIndex {
  /** Highest seq indexed (durable or pending). */
  head = 0;
  headTime: string | undefined;
  /** Per stream, the seq of each revision: `streams.get(s)[rev - 1]`. */
  readonly streams = new Map<string, number[]>();
  /** Event id → seq (the store sets `ids.idOf` to read an id back). */
  readonly ids = new IdTable();
  /** Line number of seq N is N + lineBase: 1 in a file that starts with a head marker, else 0. */
  lineBase = 0;
  /** Byte offset of each seq's line (`offsets[seq - 1]`) and, at `offsets[head]`, the end of the last line. */
  private offsets = new Float64Array(1024);

  /** The stream's revision: the rev of its last event, 0 when it has none. */
  revision(stream: string): number {
    return this.streams.get(stream)?.length ?? 0;
  }

  /** Records the next seq (must be head + 1) at byte range [offset, end). */
  add(seq: number, stream: string, id: string, time: string, offset = 0, end = 0): void {
    let seqs = this.streams.get(stream);
    if (seqs === undefined) {
      seqs = [];
      this.streams.set(stream, seqs);
    }
    seqs.push(seq);
    this.ids.set(id, seq);
    if (seq + 1 > this.offsets.length) {
      const grown = new Float64Array(this.offsets.length * 2);
      grown.set(this.offsets);
      this.offsets = grown;
    }
    this.offsets[seq - 1] = offset;
    this.offsets[seq] = end;
    this.head = seq;
    this.headTime = time;
  }

  /**
   * Makes `ids` settle an equal hash by reading the id back from the line of its seq in the file
   * open on `fd` (or from `pending(seq)`, a record not yet written).
   */
  readIdsFrom(fd: number, pending: (seq: number) => { id: string } | undefined = () => undefined): void {
    this.ids.idOf = (seq) => {
      const p = pending(seq);
      if (p !== undefined) return p.id;
      const off = this.offsetOf(seq);
      const len = this.offsetOf(seq + 1) - off;
      if (seq > this.head || len <= 0) return undefined;
      const buf = Buffer.allocUnsafe(len);
      readSync(fd, buf, 0, len, off);
      try {
        return (JSON.parse(buf.toString('utf8')) as { id?: string }).id;
      } catch {
        return undefined;
      }
    };
  }

  /** Sets where the first record starts (after the head marker) and how line numbers relate to seqs. */
  setBase(offset: number, lineBase: number): void {
    if (this.head === 0) this.offsets[0] = offset;
    this.lineBase = lineBase;
  }

  /** Byte offset where the line of `seq` starts; `offsetOf(head + 1)` is the end of the last line. */
  offsetOf(seq: number): number {
    return this.offsets[seq - 1] ?? 0;
  }
}
