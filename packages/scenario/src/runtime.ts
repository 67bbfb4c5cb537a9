// `@podstate/scenario/runtime` (for podstate's own packages, not public API): what the read-only
// commands show of a replayed log (podView, PodFiles, config events, --at durations), without the
// scenario parser (zod, yaml) or the run loop, so `podstate get pods` starts fast.
export * from './run/podFiles.js';
export * from './views.js';
