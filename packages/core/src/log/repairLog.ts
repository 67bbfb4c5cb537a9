import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { crcOfLineEndingAt, encodeHead, HEAD_BYTES, readHeadState } from './headMarker.js';
import { LineReader } from './LineReader.js';
import { LogIndex } from './LogIndex.js';
import { acquireLock } from './lockFile.js';
import { copyAside } from './openJsonlLog.js';
import { scanLog } from './scanLog.js';

/** What {@link repairLog} did. */
export interface RepairReport {
  file: string;
  /** Records (and their bytes) kept: the longest valid prefix. */
  keptRecords: number;
  keptBytes: number;
  /** Bytes and lines cut (a partial last line counts as a line). */
  cutBytes: number;
  cutLines: number;
  /** Where the cut bytes were copied, when anything was cut. */
  movedTo?: string;
  message: string;
}

/**
 * Keeps the longest valid prefix of a log (CRCs, contiguous seq and rev, unique ids, complete batches)
 * and moves everything after it to `<path>.damaged-<first cut seq>`. Takes the writer lock, so it
 * refuses while a writer has the log open.
 */
export async function repairLog(path: string): Promise<RepairReport> {
  const release = acquireLock(path);
  const fd = openSync(path, 'r+');
  try {
    const size = fstatSync(fd).size;
    const index = new LogIndex();
    index.readIdsFrom(fd);
    const state = readHeadState(fd, size);
    const headered = state.kind !== 'legacy';
    if (headered) index.setBase(HEAD_BYTES, 1);
    const { validEnd } =
      size < HEAD_BYTES && headered ? { validEnd: size } : scanLog(fd, index, size, basename(path));
    const base = { file: path, keptRecords: index.head, keptBytes: validEnd };
    // Format 2: the marker is rewritten to name the kept head; what it claimed beyond that is reported.
    let lost = '';
    if (headered) {
      const end = index.offsetOf(index.head + 1);
      const last = index.head === 0 ? '00000000' : crcOfLineEndingAt(fd, end);
      const claimed = state.kind === 'head' ? state.head : undefined;
      if (!claimed) lost = ' The head marker was damaged and is rewritten.';
      else if (claimed.seq > index.head) {
        lost = ` Acknowledged records ${index.head + 1}..${claimed.seq} were damaged or missing (the marker named seq ${claimed.seq}).`;
      } else if (claimed.seq === index.head && (claimed.end !== end || claimed.last !== last)) {
        lost = ` The head marker did not match seq ${claimed.seq} and is rewritten.`;
      }
      const stale = !claimed || claimed.seq !== index.head || claimed.end !== end || claimed.last !== last;
      if (validEnd === size && stale) {
        writeSync(fd, encodeHead({ seq: index.head, end, last }), 0, HEAD_BYTES, 0);
        fsyncSync(fd);
      }
      if (validEnd !== size) writeSync(fd, encodeHead({ seq: index.head, end, last }), 0, HEAD_BYTES, 0);
    }
    if (validEnd === size) {
      if (size < HEAD_BYTES && headered) {
        ftruncateSync(fd, 0);
        writeSync(fd, encodeHead({ seq: 0, end: HEAD_BYTES, last: '00000000' }), 0, HEAD_BYTES, 0);
        fsyncSync(fd);
      }
      return {
        ...base,
        cutBytes: 0,
        cutLines: 0,
        message: `${basename(path)} is valid (${index.head} records); nothing cut.${lost}`,
      };
    }
    const cutLines = countLines(fd, validEnd, size);
    const movedTo = copyAside(fd, path, validEnd, size, 'damaged', index.head + 1);
    ftruncateSync(fd, validEnd);
    fsyncSync(fd);
    return {
      ...base,
      cutBytes: size - validEnd,
      cutLines,
      movedTo,
      message:
        `${basename(path)}: kept ${index.head} records (${validEnd} bytes); cut ${size - validEnd} bytes ` +
        `(${cutLines} lines) from byte offset ${validEnd}, copied to ${basename(movedTo)}.${lost}`,
    };
  } finally {
    closeSync(fd);
    release();
  }
}

function countLines(fd: number, from: number, to: number): number {
  const reader = new LineReader(fd, from, to);
  let n = 0;
  while (reader.next()) n++;
  return n + (reader.tail > 0 ? 1 : 0);
}
