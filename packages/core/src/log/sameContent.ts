import type { NewEvent, RecordedEvent } from '../events/envelope.js';

/** Deep equality of JSON values; object key order does not matter. Pure. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => jsonEqual(v, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao).filter((k) => ao[k] !== undefined);
  if (keys.length !== Object.keys(bo).filter((k) => bo[k] !== undefined).length) return false;
  return keys.every((k) => jsonEqual(ao[k], bo[k]));
}

/** True when a retried event has the content of the recorded one (type, data, time, subject, stream). Pure. */
export function sameContent(recorded: RecordedEvent, stream: string, e: NewEvent): boolean {
  return (
    recorded.stream === stream &&
    recorded.type === e.type &&
    recorded.time === e.time &&
    recorded.subject === e.subject &&
    jsonEqual(recorded.data, e.data)
  );
}
