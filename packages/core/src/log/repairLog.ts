import { closeSync, fstatSync, fsyncSync, ftruncateSync, openSync } from 'node:fs';
import { basename } from 'node:path';
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
    const { validEnd } = scanLog(fd, index, size, basename(path));
    const base = { file: path, keptRecords: index.head, keptBytes: validEnd };
    if (validEnd === size) {
      return {
        ...base,
        cutBytes: 0,
        cutLines: 0,
        message: `${basename(path)} is valid (${index.head} records); nothing cut.`,
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
        `(${cutLines} lines) from byte offset ${validEnd}, copied to ${basename(movedTo)}.`,
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
