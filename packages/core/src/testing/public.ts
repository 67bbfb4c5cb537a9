/**
 * `@podstate/core/testing`: helpers for testing code built on podstate — the built-in manifests,
 * the `given(...).then(...)` scenario DSL and fast-check arbitraries of legal lifecycles.
 * Needs `fast-check` (an optional peer dependency); the invariant checkers are re-exported from
 * `@podstate/core/invariants`. The EventLog contract suite for vitest is `@podstate/core/log-contract`.
 * @packageDocumentation
 */

// Tests drive engines with untrusted input: load the catalogue's check (events/inputCheck.ts).
import '../events/checkEventInput.js';

export {
  CHECK_DISAGREED,
  canonicalJSON,
  checkI1,
  checkInvariants,
  type InvariantStream,
  type InvariantStreamOptions,
  invariantCheckers,
  type LogInvariantCheck,
  type RefusedEvent,
  recordTrace,
  type StepChecker,
  type StreamRecorder,
  sameJSON,
  type Trace,
  type TraceStep,
  type Violation,
} from '../invariants.js';
export { type BuiltInManifestName, builtInManifests } from './builtInManifests.js';
export { GIVEN_EPOCH, Given, given, givenWith, type Outcome, Then, toEvents } from './given.js';
export {
  buildLifecycle,
  driveLifecycle,
  illegalEvent,
  type Lifecycle,
  type LifecycleConstraints,
  type LifecycleDriver,
  type LifecyclePlan,
  lifecycleArbitrary,
  lifecyclePlanArbitrary,
  type UntimedEvent,
} from './lifecycleArbitrary.js';
export { seededRandom } from './seededRandom.js';
export { after, ev, now, type Step } from './steps.js';
export { TraceRecorder } from './trace.js';
