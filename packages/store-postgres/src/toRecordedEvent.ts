import type { RecordedEvent } from '@podstate/core';

/** One events row as node-postgres returns it (int8 as string, json parsed). */
export interface EventRow {
  seq: string | number;
  stream: string;
  rev: string | number;
  id: string;
  type: string;
  sv: number;
  time: string;
  subject: string | null;
  data: Record<string, unknown>;
  meta: Record<string, unknown> | null;
  batch_index: number;
  batch_size: number;
  crc: string | null;
}

/** The columns to select for {@link toRecordedEvent}. */
export const EVENT_COLUMNS =
  'seq, stream, rev, id, type, sv, time, subject, data, meta, batch_index, batch_size, crc';

/** Builds the envelope with its keys in the order every store uses (docs/events.md, "Envelope"). Pure. */
export function toRecordedEvent(row: EventRow): RecordedEvent {
  return {
    v: 1,
    seq: Number(row.seq),
    stream: row.stream,
    rev: Number(row.rev),
    id: row.id,
    type: row.type,
    sv: row.sv,
    time: row.time,
    ...(row.subject === null ? {} : { subject: row.subject }),
    data: row.data,
    ...(row.meta === null ? {} : { meta: row.meta }),
    ...(row.batch_size > 1 ? { batch: [row.batch_index, row.batch_size] as [number, number] } : {}),
    ...(row.crc === null ? {} : { crc: row.crc }),
  };
}
