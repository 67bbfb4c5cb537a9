export * from './charts/index.js';
export * from './engine/index.js';
export * from './errors.js';
export * from './events/index.js';
export * from './log/index.js';
export * from './machines/index.js';
export * from './manifest/index.js';
