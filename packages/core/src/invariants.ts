/**
 * `@podstate/core/invariants`: the invariant checkers of docs/invariants.md over a recorded trace.
 * Needs neither fast-check nor vitest: `podstate verify` and `podstate run` use it at run time.
 * @packageDocumentation
 */

// Engines built here take untrusted input: load the catalogue's check (events/inputCheck.ts).
import './events/checkEventInput.js';

export { canonicalJSON } from './testing/canonicalJSON.js';
export { checkI1, checkInvariants, invariantCheckers } from './testing/checkInvariants.js';
export type { StepChecker, Violation } from './testing/invariantModel.js';
export {
  InvariantStream,
  type InvariantStreamOptions,
  LogInvariantCheck,
  type RefusedEvent,
  StreamRecorder,
} from './testing/invariantStream.js';
export { sameJSON } from './testing/sameJSON.js';
export { CHECK_DISAGREED, recordTrace, type Trace, type TraceStep } from './testing/trace.js';
