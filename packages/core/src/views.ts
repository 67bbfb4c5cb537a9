// `@podstate/core/views` (for podstate's own packages, not public API): what `podstate get pods`
// needs to replay a JSONL log and show its Pods (the engine, the machines, the errors, the
// one-pass read and checkpoints, the helpers the status projection and the label selector read), without the
// engine's explorers (enabledEvents, nextActions), the volume-path validators or the XState chart
// definitions (the engine runs the precompiled tables of machines/generated/), so
// the most used command loads the fewest modules. `runtime` holds all of it and more.
/** @internal */
export * from './checkpoint/index.js';
/** @internal */
export * from './engine/configRefs.js';
/** @internal */
export * from './engine/createEngine.js';
/** @internal */
export * from './engine/env.js';
/** @internal */
export * from './engine/imageRef.js';
/** @internal */
export * from './engine/normalizePod.js';
/** @internal */
export * from './engine/parseTime.js';
/** @internal */
export * from './engine/podIP.js';
/** @internal */
export * from './engine/snapshot.js';
/** @internal */
export * from './engine/timeTravel.js';
/** @internal */
export * from './engine/types.js';
/** @internal */
export * from './errors.js';
/** @internal */
export * from './events/eventTypeNames.js';
/** @internal */
export * from './events/eventTypes.js';
/** @internal */
export * from './events/suggest.js';
/** @internal */
export * from './machines/backoff.js';
/** @internal */
export * from './machines/compile.js';
/** @internal */
export * from './machines/compiledContainer.js';
/** @internal */
export * from './machines/compiledPod.js';
/** @internal */
export * from './machines/containerRules.js';
/** @internal */
export * from './machines/events.js';
/** @internal */
export * from './machines/podRules.js';
/** @internal */
export * from './machines/podStates.js';
/** @internal */
export * from './machines/refusal.js';
/** @internal */
export * from './machines/types.js';
/** @internal */
export * from './manifest/nameRules.js';
/** @internal */
export { parseResourceQuantity } from './manifest/validateVolumes.js';
/** @internal */
export * from './read/index.js';
