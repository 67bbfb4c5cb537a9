// `@podstate/core/views` (for podstate's own packages, not public API): what `podstate get pods`
// needs to replay a JSONL log and show its Pods (the engine, the machines, the errors, the
// one-pass read and checkpoints, the helpers the status projection and the label selector read), without the
// engine's explorers (enabledEvents, nextActions) or the volume-path validators, so
// the most used command loads the fewest modules. `runtime` holds all of it and more.
export * from './checkpoint/index.js';
export * from './engine/configRefs.js';
export * from './engine/createEngine.js';
export * from './engine/env.js';
export * from './engine/imageRef.js';
export * from './engine/normalizePod.js';
export * from './engine/parseTime.js';
export * from './engine/podIP.js';
export * from './engine/snapshot.js';
export * from './engine/timeTravel.js';
export * from './engine/types.js';
export * from './errors.js';
export * from './events/eventTypeNames.js';
export * from './events/eventTypes.js';
export * from './events/suggest.js';
export * from './machines/index.js';
export * from './manifest/nameRules.js';
export { parseResourceQuantity } from './manifest/validateVolumes.js';
export * from './read/index.js';
