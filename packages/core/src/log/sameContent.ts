import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { jsonEqual } from '../jsonEqual.js';

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
