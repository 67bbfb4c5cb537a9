// `@podstate/scenario/views` (for podstate's own packages, not public API): what `podstate get
// pods` shows of a replayed log (podView, config events, --at durations), without the volume
// files (PodFiles) the other views need. `runtime` re-exports all of it.
export * from './parse/parseDuration.js';
export * from './run/configEvents.js';
export * from './run/podView.js';
