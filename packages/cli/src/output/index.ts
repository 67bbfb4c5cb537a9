export * from './colours.js';
export * from './createProgress.js';
export * from './toJson.js';
export * from './toYaml.js';
