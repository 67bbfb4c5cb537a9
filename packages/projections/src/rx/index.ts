export * from './podPatches.js';
export * from './podViews.js';
export * from './replayInto.js';
