// `@podstate/core/workers` (for podstate's own packages, not public API): the split replay's line
// routing, partition reads and shadow Pods. Its own entry so `podstate get pods` loads it only when
// it splits a replay over threads (the CLI imports its workers modules lazily).
/** @internal */

/** @internal */
export * from './feed.js';
export * from './readPartition.js';
/** @internal */
export * from './routeLine.js';
/** @internal */
export * from './ShadowPods.js';
