import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { isPodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { decodeBytes } from './decodeLine.js';
import { HEAD_BYTES, readHeadState } from './headMarker.js';
import { IdSet } from './IdSet.js';
import { LineReader } from './LineReader.js';

/** One thing wrong in a log file, and where. */
export interface VerifyProblem {
  line: number;
  offset: number;
  kind: 'crc' | 'format' | 'seq' | 'rev' | 'id' | 'batch' | 'torn_tail' | 'head';
  message: string;
}

/** What {@link verifyLog} found. `ok` is true when `problems` is empty. */
export interface VerifyReport {
  file: string;
  ok: boolean;
  /** Lines that decoded with a valid CRC and envelope. */
  records: number;
  bytes: number;
  /** Highest valid seq seen. */
  head: number;
  /** At most 1000 problems, in file order; `truncated` says when more were found. */
  problems: VerifyProblem[];
  truncated: boolean;
}

const MAX_PROBLEMS = 1000;

/**
 * Takes each record that decoded with a valid CRC and envelope while the log has shown no problem
 * yet (in file order, so a caller can replay the log in the same pass); `end` is the byte offset
 * just after its line and `size` the file's size.
 */
export type VerifiedRecordSink = (record: RecordedEvent, end: number, size: number) => void;

/**
 * Checks a log file without changing it: every line's CRC and envelope, seq contiguous from 1, rev
 * contiguous per stream, unique ids, complete batches, a terminated last line. Takes no lock: run
 * beside a live writer, an append in flight may show as a torn tail. Ids take 12 bytes each (IdSet);
 * nothing else grows with the log but one revision per stream. `onRecord` sees each sound record as
 * it is checked, so `podstate verify` replays and checks the invariants in the same pass.
 */
export async function verifyLog(path: string, onRecord?: VerifiedRecordSink): Promise<VerifyReport> {
  const file = basename(path);
  const fd = openSync(path, 'r');
  const problems: VerifyProblem[] = [];
  let found = 0;
  const add = (line: number, offset: number, kind: VerifyProblem['kind'], what: string) => {
    if (found++ < MAX_PROBLEMS)
      problems.push({ line, offset, kind, message: `${file} line ${line} (byte offset ${offset}): ${what}` });
  };
  let records = 0;
  let lastSeq = 0;
  const revs = new Map<string, number>();
  const ids = new IdSet(fd);
  let batch: { line: number; offset: number; i: number; n: number } | undefined;
  try {
    const size = fstatSync(fd).size;
    // Format 2: the head marker first (read before the records, so a live writer only adds to them).
    const state = readHeadState(fd, size);
    const head = state.kind === 'head' ? state.head : undefined;
    if (state.kind === 'bad') add(1, 0, 'head', 'the head marker is damaged (CRC or shape)');
    const headered = state.kind !== 'legacy' && size > 0;
    const reader = new LineReader(fd, headered ? Math.min(size, HEAD_BYTES) : 0, size, headered ? 2 : 1);
    let headEnd = -1;
    let headLast = '';
    const ctx = { file, lineNo: 0, offset: 0 };
    while (reader.next()) {
      const { lineNo: line, offset } = reader;
      ctx.lineNo = line;
      ctx.offset = offset;
      let r: RecordedEvent;
      try {
        if (reader.overlong) throw new Error('line over 1 MiB');
        r = decodeBytes(reader.buf, reader.start, reader.end, ctx, true);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        add(
          line,
          offset,
          isPodstateError(e, 'damaged_log') && /CRC|crc/.test(msg) ? 'crc' : 'format',
          msg.replace(/^.*?\): /, ''),
        );
        continue;
      }
      records++;
      if (head && r.seq === head.seq) {
        headEnd = offset + (reader.end - reader.start) + 1;
        headLast = r.crc ?? '';
      }
      if (r.seq !== lastSeq + 1) add(line, offset, 'seq', `seq ${r.seq} follows seq ${lastSeq}`);
      lastSeq = Math.max(lastSeq, r.seq);
      const rev = revs.get(r.stream) ?? 0;
      if (r.rev !== rev + 1)
        add(line, offset, 'rev', `rev ${r.rev} of stream ${r.stream} follows rev ${rev}`);
      revs.set(r.stream, r.rev);
      if (!ids.add(r.id, offset)) add(line, offset, 'id', `id ${r.id} is used twice`);
      const b = r.batch;
      if (batch && !(b && b[0] === batch.i + 1 && b[1] === batch.n)) {
        add(batch.line, batch.offset, 'batch', `batch of ${batch.n} is incomplete (${batch.i + 1} records)`);
        batch = undefined;
      }
      if (b && !batch && b[0] !== 0)
        add(line, offset, 'batch', `batch ${JSON.stringify(b)} does not start a batch`);
      else if (b)
        batch =
          b[0] === b[1] - 1
            ? undefined
            : { line: batch?.line ?? line, offset: batch?.offset ?? offset, i: b[0], n: b[1] };
      if (onRecord !== undefined && found === 0) onRecord(r, offset + (reader.end - reader.start) + 1, size);
    }
    if (batch)
      add(batch.line, batch.offset, 'batch', `batch of ${batch.n} is incomplete (${batch.i + 1} records)`);
    if (head && head.seq > 0 && headEnd === -1) {
      add(
        head.seq + 1,
        Math.min(head.end, size),
        'head',
        `the head marker says seq ${head.seq} (ending at byte ${head.end}) was acknowledged, but the file has no valid record ${head.seq}` +
          (size < head.end ? ` (it ends at byte ${size}: truncated)` : ''),
      );
    } else if (head && head.seq > 0 && (headEnd !== head.end || headLast !== head.last)) {
      add(
        head.seq + 1,
        headEnd,
        'head',
        `the head marker names seq ${head.seq} ending at byte ${head.end} with crc ${head.last}, but that record ends at byte ${headEnd} with crc ${headLast}`,
      );
    }
    if (reader.tail > 0) {
      add(
        reader.lineNo + 1,
        size - reader.tail,
        'torn_tail',
        `unterminated last line of ${reader.tail} bytes`,
      );
    }
    return {
      file: path,
      ok: found === 0,
      records,
      bytes: size,
      head: lastSeq,
      problems,
      truncated: found > MAX_PROBLEMS,
    };
  } finally {
    closeSync(fd);
  }
}
