import { readSync } from 'node:fs';
import { MAX_LINE_BYTES } from './decodeLine.js';

const CHUNK = 1 << 20;

/**
 * Pulls newline-terminated lines from a byte range of an open file without splitting the whole
 * file into strings: after `next()` returns true the line is `buf[start, end)` (no newline) at file
 * offset `offset`. Bytes after the last newline are the unterminated `tail`. Lines longer than the
 * buffer (over 1 MiB, so refused anyway) are reported with `overlong` set and their bytes skipped.
 */
export class LineReader {
  buf: Buffer;
  start = 0;
  end = 0;
  offset = 0;
  lineNo: number;
  overlong = false;
  /** Length of the unterminated remainder, known once `next()` has returned false. */
  tail = 0;
  private bufOffset: number;
  private filled = 0;
  private pos = 0;
  private eof = false;
  private readonly fd: number;
  private readonly limit: number;

  constructor(fd: number, from: number, to: number, firstLineNo = 1) {
    // A small range needs no more than its own size (+1 so a full buffer still means "overlong").
    this.buf = Buffer.allocUnsafe(Math.max(1, Math.min(CHUNK + MAX_LINE_BYTES + 1, to - from + 1)));
    this.fd = fd;
    this.bufOffset = from;
    this.limit = to;
    this.lineNo = firstLineNo - 1;
  }

  next(): boolean {
    this.overlong = false;
    let overlongFrom = -1;
    for (;;) {
      const nl = this.buf.indexOf(10, this.pos);
      if (nl !== -1 && nl < this.filled) {
        this.start = this.pos;
        this.end = nl;
        this.offset = overlongFrom >= 0 ? overlongFrom : this.bufOffset + this.pos;
        this.pos = nl + 1;
        this.lineNo++;
        return true;
      }
      if (this.eof) {
        this.tail = this.filled - this.pos;
        return false;
      }
      const at = this.refill();
      if (at >= 0 && overlongFrom < 0) overlongFrom = at;
    }
  }

  /** Reads more; returns the file offset of a line being skipped as overlong, else -1. */
  private refill(): number {
    if (this.pos > 0) {
      this.buf.copy(this.buf, 0, this.pos, this.filled);
      this.bufOffset += this.pos;
      this.filled -= this.pos;
      this.pos = 0;
    }
    if (this.filled === this.buf.length) {
      // No newline in a full buffer: report the line as overlong and skip to its end.
      this.overlong = true;
      const at = this.bufOffset;
      this.bufOffset += this.filled;
      this.filled = 0;
      return at;
    }
    const want = Math.min(this.buf.length - this.filled, this.limit - (this.bufOffset + this.filled));
    const n = want > 0 ? readSync(this.fd, this.buf, this.filled, want, this.bufOffset + this.filled) : 0;
    if (n === 0) this.eof = true;
    this.filled += n;
    return -1;
  }
}
