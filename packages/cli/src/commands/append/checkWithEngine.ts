import { type Engine, isPodstateError } from '@podstate/core';
import { assertEventType, validateEventData, validateObjectEvent } from '@podstate/core/internal';
import type { AppendItem } from './parseAppendInputs.js';

/**
 * Validates an append input against the event catalogue, then applies it to the engine (which
 * holds the log so far and the inputs before it). Returns the problem, or undefined when legal.
 */
export function checkWithEngine(engine: Engine, item: AppendItem): string | undefined {
  try {
    const type = assertEventType(item.event.type, { where: 'type' });
    item.event.data = validateEventData(type, item.event.data, { where: 'event' });
  } catch (e) {
    if (isPodstateError(e)) return e.message;
    throw e;
  }
  const invalid = validateObjectEvent(item.event.type, item.stream, item.event.data);
  if (invalid !== undefined) return invalid;
  const r = engine.apply({ stream: item.stream, ...item.event });
  return r.ok ? undefined : r.rejection.message;
}
