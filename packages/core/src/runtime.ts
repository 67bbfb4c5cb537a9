// `@podstate/core/runtime` (for podstate's own packages, not public API): what replaying a log and showing its Pods needs (the engine, the
// machines, the errors and the manifest helpers the projections read), without the input
// validators (zod), the YAML loader or the log stores (rxjs). Projections and read-only commands
// import values from here so `podstate get pods` starts without loading what it does not use;
// types can come from `@podstate/core` (type imports load nothing).

export * from './checkpoint/index.js';
export * from './engine/index.js';
export * from './errors.js';
export * from './events/envelope.js';
export * from './events/eventTypeNames.js';
export * from './events/eventTypes.js';
export * from './events/suggest.js';
export * from './machines/index.js';
export * from './manifest/fieldPath.js';
export * from './manifest/goQuote.js';
export * from './manifest/nameRules.js';
export * from './manifest/validateVolumes.js';
export * from './manifest/volumePaths.js';
export * from './manifest/volumePathsBase64.js';
export * from './read/index.js';
