/**
 * `@podstate/core/internal`: every module of core, for the other podstate packages (the CLI, the
 * projections, the stores). Not public API: names here change without a major version.
 * @packageDocumentation
 */

/** @internal */
export * from './charts/index.js';
/** @internal */
export * from './engine/index.js';
/** @internal */
export * from './errors.js';
/** @internal */
export * from './events/index.js';
/** @internal */
export * from './jsonEqual.js';
/** @internal */
export * from './log/assertAppendInput.js';
/** @internal */
export * from './log/crc32.js';
/** @internal */
export * from './log/createMemoryLog.js';
/** @internal */
export * from './log/decodeLine.js';
/** @internal */
export * from './log/EventLog.js';
/** @internal */
export * from './log/encodeRecord.js';
/** @internal */
export * from './log/followLog.js';
/** @internal */
export { type UnlockReport, unlockLog } from './log/lockFile.js';
/** @internal */
export * from './log/openJsonlLog.js';
/** @internal */
export * from './log/planAppend.js';
/** @internal */
export * from './log/repairLog.js';
/** @internal */
export * from './log/sameContent.js';
/** @internal */
export * from './log/verifyLog.js';
/** @internal */
export * from './machines/clusterMachine.js';
/** @internal */
export * from './machines/index.js';
/** @internal */
export * from './manifest/index.js';
/** @internal */
export * from './read/index.js';
/** @internal */
export * from './workers/index.js';
