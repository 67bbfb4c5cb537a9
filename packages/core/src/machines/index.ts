export * from './backoff.js';
export * from './compile.js';
export * from './containerMachine.js';
export * from './containerRules.js';
export * from './events.js';
export * from './podMachine.js';
export * from './podRules.js';
export * from './types.js';
