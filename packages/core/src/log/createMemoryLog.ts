import { defer, from as fromIterable, type Observable } from 'rxjs';
import { PodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { decodeLine, MAX_LINE_BYTES } from './decodeLine.js';
import type { AppendOptions, AppendResult, EventLog, LogHead, ReadRange, StreamRange } from './EventLog.js';
import { encodeRecord } from './encodeRecord.js';
import { followLog } from './followLog.js';
import { LogIndex } from './LogIndex.js';
import { planAppend } from './planAppend.js';

/**
 * The refusal of an event whose line would be over the 1 MiB limit.
 * @internal
 */
export function lineTooLong(r: RecordedEvent, i: number, bytes: number): PodstateError {
  return new PodstateError(
    'bad_input',
    `Event ${i} of the append to ${r.stream} (type ${r.type}) encodes to ${bytes} bytes, over the ` +
      '1 MiB line limit; keep large payloads out of the log. Nothing was appended.',
    { stream: r.stream, index: i },
  );
}

/**
 * Encodes the records as the file store would, so both stores refuse and return exactly the same.
 * @internal
 */
export function sealRecords(records: RecordedEvent[]): string[] {
  return records.map((r, i) => {
    const line = encodeRecord(r);
    const bytes = Buffer.byteLength(line);
    if (bytes > MAX_LINE_BYTES) throw lineTooLong(r, i, bytes);
    r.crc = line.slice(-10, -2);
    return line;
  });
}

/**
 * An EventLog held in memory: for tests and embedding. Same semantics as the file store; every
 * append is durable at once. Returned events are frozen copies as a file store would decode them.
 * @example const log = createMemoryLog(); await log.append('node/n1', [{ type: 'node.registered', time, data }]);
 */
export function createMemoryLog(): EventLog {
  const index = new LogIndex();
  const events: RecordedEvent[] = [];
  index.ids.idOf = (seq) => events[seq - 1]?.id;
  const wakers = new Set<() => void>();
  let closed = false;
  const load = (seq: number) => events[seq - 1]!;
  const assertOpen = () => {
    if (closed) throw new PodstateError('bad_input', 'The memory log is closed; create a new one.');
  };

  async function* readSeqs(fromSeq: number, toSeq: number): AsyncGenerator<RecordedEvent> {
    for (let s = Math.max(1, fromSeq); s <= toSeq && s <= index.head; s++) yield events[s - 1]!;
  }

  const log: EventLog = {
    async append(
      stream: string,
      newEvents: readonly NewEvent[],
      options?: AppendOptions,
    ): Promise<AppendResult> {
      assertOpen();
      const plan = planAppend(index, load, stream, newEvents, options);
      if (plan.kind === 'duplicate') {
        const last = plan.records[plan.records.length - 1]!;
        return { events: plan.records, nextRevision: last.rev, lastSeq: last.seq };
      }
      const lines = sealRecords(plan.records);
      // Store what a reader of the file would decode, so callers cannot mutate the log through `data`.
      const stored = lines.map((l, i) => {
        const r = decodeLine(l, { file: 'memory', lineNo: plan.records[i]!.seq, offset: 0 });
        return deepFreeze(r);
      });
      for (const r of stored) {
        events.push(r);
        index.add(r.seq, r.stream, r.id, r.time);
      }
      for (const wake of wakers) wake();
      return {
        events: stored,
        nextRevision: plan.nextRevision,
        lastSeq: stored.length > 0 ? stored[stored.length - 1]!.seq : index.head,
      };
    },
    read(range: ReadRange = {}): AsyncIterable<RecordedEvent> {
      return readSeqs(range.from ?? 1, range.to ?? index.head);
    },
    async *readStream(stream: string, range: StreamRange = {}): AsyncIterable<RecordedEvent> {
      const seqs = index.streams.get(stream) ?? [];
      const last = Math.min(range.toRevision ?? seqs.length, seqs.length);
      for (let rev = Math.max(1, range.fromRevision ?? 1); rev <= last; rev++)
        yield events[seqs[rev - 1]! - 1]!;
    },
    read$(from = 1): Observable<RecordedEvent> {
      return defer(() => fromIterable(readSeqs(from, index.head)));
    },
    live$(from = 1): Observable<RecordedEvent> {
      return followLog(
        {
          readFrom: (f) => readSeqs(f, index.head),
          watch: (wake) => {
            wakers.add(wake);
            return () => wakers.delete(wake);
          },
        },
        from,
      );
    },
    async head(): Promise<LogHead> {
      return index.head === 0 ? { seq: 0 } : { seq: index.head, time: index.headTime! };
    },
    async close(): Promise<void> {
      closed = true;
      wakers.clear();
    },
  };
  return log;
}

function deepFreeze<T>(v: T): T {
  if (typeof v === 'object' && v !== null) {
    for (const k of Object.keys(v)) deepFreeze((v as Record<string, unknown>)[k]);
    Object.freeze(v);
  }
  return v;
}
