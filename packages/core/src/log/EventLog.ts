import type { Observable } from 'rxjs';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';

/** What the writer expects of the stream before its append. */
export type ExpectedRevision = number | 'no_stream' | 'exists' | 'any';

export interface AppendOptions {
  expectedRevision?: ExpectedRevision;
  /**
   * The log's head seq the caller decided this append against (its replay). The append commits only
   * if the head is still that seq when it commits — checked under the store's write lock — and
   * otherwise fails with `revision_conflict` ({expectedHead, actualHead}) so the caller can replay the
   * new events and decide again. An exact retry of an acknowledged append (same ids) still succeeds.
   */
  expectedHead?: number;
}

export interface AppendResult {
  /** The recorded events, in order, with seq and rev assigned. */
  events: RecordedEvent[];
  /** The stream's revision after the append. */
  nextRevision: number;
  /** The global seq of the last event appended. */
  lastSeq: number;
}

export interface ReadRange {
  /** First global seq to read, inclusive (default 1). */
  from?: number;
  /** Last global seq to read, inclusive (default: head). */
  to?: number;
}

export interface StreamRange {
  fromRevision?: number;
  toRevision?: number;
}

export interface LogHead {
  /** Highest durable seq, 0 when empty. */
  seq: number;
  /** Time of the event at `seq`, undefined when empty. */
  time?: string;
}

/**
 * An append-only event log: the source of truth. Memory, JSONL-file and PostgreSQL stores
 * implement it and pass one contract suite.
 */
export interface EventLog {
  append(stream: string, events: readonly NewEvent[], options?: AppendOptions): Promise<AppendResult>;
  /** All events with from <= seq <= to, in seq order. */
  read(range?: ReadRange): AsyncIterable<RecordedEvent>;
  /** One stream's events by revision range, in rev order. */
  readStream(stream: string, range?: StreamRange): AsyncIterable<RecordedEvent>;
  /** Catch-up: every durable event from `from` (default 1) to the head at subscription, then completes. */
  read$(from?: number): Observable<RecordedEvent>;
  /** Catch-up, then follow: emits each durable event once, in seq order, until unsubscribed. */
  live$(from?: number): Observable<RecordedEvent>;
  head(): Promise<LogHead>;
  close(): Promise<void>;
}
