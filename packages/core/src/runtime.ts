// `@podstate/core/runtime` (for podstate's own packages, not public API): what replaying a log and showing its Pods needs (the engine, the
// machines, the errors and the manifest helpers the projections read), without the input
// validators (zod), the YAML loader or the log stores (rxjs). Projections and read-only commands
// import values from here so `podstate get pods` starts without loading what it does not use;
// types can come from `@podstate/core` (type imports load nothing).

/** @internal */
export * from './checkpoint/index.js';
/** @internal */
export * from './engine/index.js';
/** @internal */
export * from './errors.js';
/** @internal */
export * from './events/envelope.js';
/** @internal */
export * from './events/eventTypeNames.js';
/** @internal */
export * from './events/eventTypes.js';
/** @internal */
export * from './events/suggest.js';
/** @internal */
export * from './machines/index.js';
/** @internal */
export * from './manifest/fieldPath.js';
/** @internal */
export * from './manifest/goQuote.js';
/** @internal */
export * from './manifest/nameRules.js';
/** @internal */
export * from './manifest/validateVolumes.js';
/** @internal */
export * from './manifest/volumePaths.js';
/** @internal */
export * from './manifest/volumePathsBase64.js';
/** @internal */
export * from './read/index.js';
