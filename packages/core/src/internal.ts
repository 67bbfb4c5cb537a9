/**
 * `@podstate/core/internal`: every module of core, for the other podstate packages (the CLI, the
 * projections, the stores). Not public API: names here change without a major version.
 * @packageDocumentation
 */

export * from './charts/index.js';
export * from './engine/index.js';
export * from './errors.js';
export * from './events/index.js';
export * from './jsonEqual.js';
export * from './log/index.js';
export * from './machines/clusterMachine.js';
export * from './machines/index.js';
export * from './manifest/index.js';
export * from './read/index.js';
