export * from './colours.js';
export * from './createProgress.js';
export * from './formatStructured.js';
export * from './toJson.js';
export * from './toYaml.js';
