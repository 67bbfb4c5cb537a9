/**
 * The envelope every stored event carries (docs/events.md, "Envelope").
 * On disk the keys appear in exactly this order, with `crc` last.
 */
export interface RecordedEvent {
  /** Envelope format version; only 1 exists. */
  v: 1;
  /** Global position, contiguous from 1. */
  seq: number;
  /** `pod/<uid>`, `node/<name>`, `secret/<ns>/<name>`, `configmap/<ns>/<name>` or `cluster`. */
  stream: string;
  /** Position within the stream, contiguous from 1. */
  rev: number;
  /** Unique event id (a UUID unless the writer chose another unique string). */
  id: string;
  /** Event type from the catalogue, e.g. `container.started`. */
  type: string;
  /** Schema version of `data` for this type. */
  sv: number;
  /** RFC 3339 time with milliseconds, from the event, never the wall clock at replay. */
  time: string;
  /** `namespace/name` for Pod events; the object name for others. */
  subject?: string;
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
  /** `[i, n]`: this record is the i-th (from 0) of an atomic append of n records. */
  batch?: [number, number];
  /** CRC-32 (8 lowercase hex digits) of the line's bytes before `,"crc":"`. */
  crc?: string;
}

/** An event as a writer proposes it, before the log assigns seq and rev. */
export interface NewEvent {
  /** Optional: the log assigns a UUID when absent. Same id + same content = idempotent retry. */
  id?: string;
  type: string;
  sv?: number;
  time: string;
  subject?: string;
  data: Record<string, unknown>;
  meta?: Record<string, unknown>;
}
