export * from './admitServiceAccount.js';
export * from './fieldErrors.js';
export * from './types.js';
export * from './validateConfigObjects.js';
export * from './validateVolumes.js';
