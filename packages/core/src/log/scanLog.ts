import { isPodstateError, PodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { decodeBytes, type LineContext } from './decodeLine.js';
import { LineReader } from './LineReader.js';

/** The first thing wrong after the valid prefix of a log file. */
export interface ScanProblem {
  line: number;
  offset: number;
  /** `torn`: an append that never completed (safe to cut); `damaged`: anything else. */
  kind: 'torn' | 'damaged';
  message: string;
  error?: PodstateError;
}

/** What a scan of a log file found. */
export interface ScanResult {
  /** Byte offset just after the last complete append: the valid prefix. */
  validEnd: number;
  /** Bytes scanned up to (the file size at scan time). */
  scannedTo: number;
  problem?: ScanProblem;
}

/**
 * What scanLog fills: the writer's LogIndex, or a read-only replay's sink (src/read) that keeps no
 * index and takes each complete append's records as they are decoded, so every line is decoded once.
 */
export interface ScanSink {
  /** Highest seq already held; the scan starts at the line after it. */
  readonly head: number;
  /** Line number of seq N is N + lineBase: 1 in a file that starts with a head marker, else 0. */
  readonly lineBase: number;
  /** Byte offset where the line of `seq` starts (`offsetOf(head + 1)`: where the scan starts). */
  offsetOf(seq: number): number;
  /** The stream's revision so far (0 when it has none). */
  revision(stream: string): number;
  /** Ids already used (a sink that keeps no ids answers false). */
  readonly ids: { has(id: string): boolean };
  /** Takes the next record of a complete append (seq is head + 1) at byte range [offset, end). */
  add(
    seq: number,
    stream: string,
    id: string,
    time: string,
    offset: number,
    end: number,
    record: RecordedEvent,
  ): void;
}

interface Held {
  r: RecordedEvent;
  offset: number;
  end: number;
}

const MARK = Buffer.from('{"v":');

/** True when some CRC-valid record starts anywhere in `buf[start, end)` (NUL runs and torn prefixes skipped). */
function holdsValidRecord(buf: Buffer, start: number, end: number): boolean {
  for (let at = buf.indexOf(MARK, start); at !== -1 && at < end; at = buf.indexOf(MARK, at + 1)) {
    try {
      decodeBytes(buf, at, end, { file: '', lineNo: 0, offset: 0 }, false);
      return true;
    } catch {}
  }
  return false;
}

/**
 * Scans `fd` from the end of what `index` holds to `size`, adding every complete append to the index
 * (multi-event appends only once all their records are present). Stops at the first problem and says
 * whether it is a torn tail (an unterminated line, NULs, or an incomplete batch, with nothing valid
 * after it) or damage. Never writes.
 */
export function scanLog(fd: number, index: ScanSink, size: number, file: string): ScanResult {
  const from = index.offsetOf(index.head + 1);
  const reader = new LineReader(fd, from, size, index.head + 1 + index.lineBase);
  const ctx: LineContext = { file, lineNo: 0, offset: 0 };
  let validEnd = from;
  let held: Held[] = [];
  const ids = new Set<string>();
  const revs = new Map<string, number>();
  let problem: ScanProblem | undefined;
  const damaged = (message: string, error?: PodstateError): ScanProblem => ({
    line: reader.lineNo,
    offset: reader.offset,
    kind: 'damaged',
    message,
    ...(error ? { error } : {}),
  });

  while (reader.next()) {
    const { buf, start, end } = reader;
    if (problem) {
      // Past the first bad line: any valid record further on means this is corruption, not a torn tail.
      if (holdsValidRecord(buf, start, end)) {
        problem.kind = 'damaged';
        problem.message += `; valid records follow (line ${reader.lineNo}, byte offset ${reader.offset})`;
        break;
      }
      continue;
    }
    ctx.lineNo = reader.lineNo;
    ctx.offset = reader.offset;
    let r: RecordedEvent;
    try {
      if (reader.overlong)
        throw new PodstateError('bad_input', `${file} line ${ctx.lineNo}: line over 1 MiB`);
      r = decodeBytes(buf, start, end, ctx, true);
    } catch (e) {
      if (!isPodstateError(e)) throw e;
      const hasNul = buf.indexOf(0, start) !== -1 && buf.indexOf(0, start) < end;
      problem =
        e.code === 'damaged_log' && hasNul
          ? { ...damaged(e.message, e), kind: 'torn' }
          : damaged(e.message, e);
      if (!hasNul) break;
      continue;
    }
    const lineEnd = reader.offset + (end - start) + 1;
    const seq = index.head + held.length + 1;
    const rev =
      (held.length > 0 ? (revs.get(r.stream) ?? index.revision(r.stream)) : index.revision(r.stream)) + 1;
    const b = r.batch;
    const expectBatch = held.length > 0 ? held[0]!.r.batch : undefined;
    let wrong: string | undefined;
    if (r.seq !== seq) wrong = `seq ${r.seq} where ${seq} was expected`;
    else if (r.rev !== rev) wrong = `rev ${r.rev} of stream ${r.stream} where ${rev} was expected`;
    else if (index.ids.has(r.id) || (ids.size > 0 && ids.has(r.id))) wrong = `id ${r.id} was already used`;
    else if (expectBatch && !(b && b[1] === expectBatch[1] && b[0] === held.length)) {
      wrong = `batch ${JSON.stringify(b ?? null)} where [${held.length},${expectBatch[1]}] was expected`;
    } else if (!expectBatch && b && b[0] !== 0) wrong = `batch ${JSON.stringify(b)} does not start a batch`;
    if (wrong) {
      problem = damaged(`${file} line ${ctx.lineNo} (byte offset ${ctx.offset}): ${wrong}`);
      break;
    }
    if (b === undefined && held.length === 0) {
      // A one-event append (the common case) is complete at once: no batch bookkeeping per record.
      index.add(r.seq, r.stream, r.id, r.time, reader.offset, lineEnd, r);
      validEnd = lineEnd;
      continue;
    }
    held.push({ r, offset: reader.offset, end: lineEnd });
    ids.add(r.id);
    revs.set(r.stream, r.rev);
    if (b === undefined || b[0] === b[1] - 1) {
      for (const h of held) index.add(h.r.seq, h.r.stream, h.r.id, h.r.time, h.offset, h.end, h.r);
      validEnd = lineEnd;
      held = [];
      ids.clear();
      revs.clear();
    }
  }
  if (!problem && held.length > 0) {
    const first = held[0]!;
    problem = {
      line: first.r.seq + index.lineBase,
      offset: first.offset,
      kind: 'torn',
      message: `${file} line ${first.r.seq + index.lineBase} (byte offset ${first.offset}): incomplete batch of ${first.r.batch![1]}`,
    };
  } else if (!problem && reader.tail > 0) {
    problem = {
      line: reader.lineNo + 1,
      offset: size - reader.tail,
      kind: 'torn',
      message: `${file} line ${reader.lineNo + 1} (byte offset ${size - reader.tail}): unterminated last line`,
    };
  }
  return problem ? { validEnd, scannedTo: size, problem } : { validEnd, scannedTo: size };
}
