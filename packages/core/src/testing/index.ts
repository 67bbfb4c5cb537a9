export * from './logContract.js';
export * from './builtInManifests.js';
export * from './canonicalJSON.js';
export * from './given.js';
export * from './steps.js';
