import type { Refusal } from '../machines/refusal.js';

/** Checks an untrusted event (envelope and data against the catalogue); undefined when valid. */
export type EventInputCheck = (e: unknown) => Refusal | undefined;

let installed: EventInputCheck | undefined;

/**
 * The engine's check of untrusted input, installed by checkEventInput.ts when it is loaded (the
 * `@podstate/core` barrel and `@podstate/core/testing` load it). Kept apart so that replaying a
 * CRC-checked log (`@podstate/core/runtime`, every event with a seq) never loads the zod schemas.
 */
export function installEventInputCheck(check: EventInputCheck): void {
  installed = check;
}

/** The installed check; throws (a podstate bug) when untrusted input arrives before it is loaded. */
export function eventInputCheck(): EventInputCheck {
  if (installed === undefined) {
    throw new Error(
      'podstate bug: an event without a seq reached the engine, but the event catalogue is not loaded; import @podstate/core',
    );
  }
  return installed;
}
