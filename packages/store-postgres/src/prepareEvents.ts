import { randomUUID } from 'node:crypto';
import type { NewEvent } from '@podstate/core';
import { assertAppendInput } from '@podstate/core/internal';

/** A NewEvent checked, with its id settled and `data`/`meta` as the exact JSON text to store. */
export interface PreparedEvent {
  /** The event as the writer gave it (idempotent retries compare against it). */
  source: NewEvent;
  id: string;
  type: string;
  sv: number;
  time: string;
  subject: string | null;
  data: string;
  meta: string | null;
}

/**
 * Validates an append exactly as the memory and file stores do (bad_input naming the stream or the
 * event) and assigns a UUID to each event without an id.
 */
export function prepareEvents(stream: string, events: readonly NewEvent[]): PreparedEvent[] {
  assertAppendInput(stream, events);
  return events.map((e) => ({
    source: e,
    id: e.id ?? randomUUID(),
    type: e.type,
    sv: e.sv ?? 1,
    time: e.time,
    subject: e.subject ?? null,
    data: JSON.stringify(e.data),
    meta: e.meta === undefined ? null : JSON.stringify(e.meta),
  }));
}
