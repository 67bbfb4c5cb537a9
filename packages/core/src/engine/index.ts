export * from './configRefs.js';
export * from './createEngine.js';
export * from './env.js';
export * from './imageRef.js';
export * from './normalizePod.js';
export * from './types.js';
