import { closeSync, fstatSync, openSync } from 'node:fs';
import { basename } from 'node:path';
import { PodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { HEAD_BYTES, type HeadState, readHeadState } from '../log/headMarker.js';
import { type ScanSink, scanLog } from '../log/scanLog.js';

/** Where a read starts: after `seq` (with the stream revisions at that point) at byte `offset`. */
export interface ReadStart {
  seq: number;
  time?: string;
  offset: number;
  /** Each stream's revision at `seq` (the live Pods' and the cluster objects'). */
  revisions: ReadonlyMap<string, number>;
}

/** What a read-once pass saw. */
export interface ReadOnceResult {
  /** The last seq handed to `onEvent` (the start's seq when none was). */
  head: number;
  headTime?: string;
  /** Byte offset just after the last record handed over. */
  end: number;
  /** File size when the read began. */
  size: number;
  /** True when `onEvent` asked to stop before the end. */
  stopped: boolean;
  /** An unterminated or incomplete append at the end, not yet written (a writer cuts it on open). */
  tornTail?: string;
  /** Each live stream's revision at `head` (what a checkpoint needs to resume from there). */
  revisions: ReadonlyMap<string, number>;
}

export interface ReadOnceOptions {
  /** Resume after a checkpoint instead of reading from the first line. */
  start?: ReadStart;
  /** Called now and then with the bytes read so far and the file size (progress bars). */
  onProgress?: (bytes: number, size: number) => void;
}

const STOP = Symbol('stop');

/** A marker read beside a writer may catch its in-place rewrite half done: read again before judging. */
function readHeadStateSettled(fd: number): HeadState {
  let state = readHeadState(fd, fstatSync(fd).size);
  for (let i = 0; i < 5 && state.kind === 'bad'; i++) state = readHeadState(fd, fstatSync(fd).size);
  return state;
}

function damaged(message: string, details: Record<string, unknown>): PodstateError {
  // The wording of openJsonlLog's damagedError, so a damaged log reads the same to every command.
  return new PodstateError(
    'damaged_log',
    `${message}. Damage followed by valid records is corruption, not a torn write: nothing was changed. ` +
      'Run `podstate repair` to keep the valid prefix and move the rest aside.',
    details,
  );
}

/**
 * Reads a JSONL log once, for commands that only read: every line is decoded once (CRC, JSON,
 * envelope, then seq, rev and batch order, by the same scan a writer's open uses) and handed to
 * `onEvent` as soon as its append is complete. Keeps no id or stream index: only the revision of
 * each stream, forgetting a Pod's stream when the Pod is removed, so memory follows the live Pods,
 * not the log's length. Event ids are not checked for uniqueness here (`podstate verify` does).
 *
 * `onEvent` returns true to go on, false to stop before that event (`--at`). A damaged log throws `damaged_log`
 * naming file, line and byte offset; events before the damage may already have been handed over,
 * so callers print nothing until the read returns. As a read-only open does: in a format-2 log
 * only the records the head marker acknowledges are read (anything wrong before it is damage); in
 * a format-1 log an incomplete last append is a torn tail, reported (not thrown) and not handed over.
 * @example readJsonlOnce('events.jsonl', (e) => engine.apply(e).ok);
 */
export function readJsonlOnce(
  path: string,
  onEvent: (e: RecordedEvent) => boolean,
  options: ReadOnceOptions = {},
): ReadOnceResult {
  const file = basename(path);
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PodstateError(
      'bad_input',
      code === 'ENOENT' ? `${path} does not exist` : `cannot read ${path}: ${(e as Error).message}`,
      { file: path },
    );
  }
  try {
    const size = fstatSync(fd).size;
    // Format 2 (a head marker on line 1): only what the writer acknowledged counts, and anything
    // wrong before it is damage. Format 1: every complete append; an incomplete last one is torn.
    const state = readHeadStateSettled(fd);
    if (state.kind === 'bad') throw damaged(`${file} ${state.message}`, { file: path, line: 1, offset: 0 });
    const marked = state.kind !== 'legacy';
    const limit = state.kind === 'head' ? Math.min(state.head.end, size) : state.kind === 'new' ? 0 : size;
    const start = options.start;
    // Each stream's revision in a box: the check of a record looks its stream up once, and taking
    // the record updates that same box (one Map lookup an event, not two).
    const revisions = new Map<string, { rev: number }>();
    for (const [stream, rev] of start?.revisions ?? []) revisions.set(stream, { rev });
    let lastStream: string | undefined;
    let lastBox: { rev: number } | undefined;
    const startOffset = start?.offset ?? (marked ? HEAD_BYTES : 0);
    const onProgress = options.onProgress;
    let nextProgress = 0;
    const sink: ScanSink & { head: number; headTime: string | undefined; end: number } = {
      head: start?.seq ?? 0,
      headTime: start?.time,
      lineBase: marked ? 1 : 0,
      end: startOffset,
      offsetOf: (seq) => (seq === (start?.seq ?? 0) + 1 ? startOffset : 0),
      revision: (stream) => {
        lastStream = stream;
        lastBox = revisions.get(stream);
        return lastBox?.rev ?? 0;
      },
      ids: { has: () => false },
      add(seq, stream, _id, time, _offset, end, record) {
        if (!onEvent(record)) throw STOP;
        if (record.type === 'pod.removed') revisions.delete(stream);
        else {
          const box = stream === lastStream ? lastBox : revisions.get(stream);
          if (box !== undefined) box.rev = record.rev;
          else revisions.set(stream, { rev: record.rev });
        }
        lastStream = undefined;
        sink.head = seq;
        sink.headTime = time;
        sink.end = end;
        if (onProgress && end >= nextProgress) {
          onProgress(end, size);
          nextProgress = end + (1 << 22);
        }
      },
    };
    let stopped = false;
    let tornTail: string | undefined;
    try {
      const scan = scanLog(fd, sink, limit, file);
      const p = scan.problem;
      if (p?.error?.code === 'bad_input') throw p.error;
      if (p && (p.kind === 'damaged' || state.kind === 'head')) {
        throw damaged(p.message, { file: path, line: p.line, offset: p.offset });
      }
      if (p) tornTail = p.message;
      if (state.kind === 'head' && sink.head < state.head.seq) {
        throw damaged(
          `${file}: the head marker says seq ${state.head.seq} was acknowledged, but the file ends at byte ${size}`,
          { file: path, line: sink.head + 2, offset: sink.end },
        );
      }
    } catch (e) {
      if (e !== STOP) throw e;
      stopped = true;
    }
    return {
      head: sink.head,
      ...(sink.headTime !== undefined ? { headTime: sink.headTime } : {}),
      end: sink.end,
      size,
      stopped,
      ...(tornTail !== undefined ? { tornTail } : {}),
      revisions: new Map(Array.from(revisions, ([stream, box]) => [stream, box.rev])),
    };
  } finally {
    closeSync(fd);
  }
}
