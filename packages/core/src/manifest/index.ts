export * from './fieldErrors.js';
export * from './types.js';
export * from './validateVolumes.js';
