/**
 * `@podstate/core/log`: the event log stores on their own — the JSONL file store, the memory
 * store, following, verifying, repairing and unlocking a log — without the engine, the machines
 * or the manifest loader, so a tool that only reads or writes logs loads only this. Every name
 * here is also exported by `@podstate/core`. The envelope checks and encoders the stores share
 * (`planAppend`, `decodeLine`, `encodeRecord`, `sameContent`…) are internal: a new store runs
 * the contract suite in `@podstate/core/log-contract` instead of reusing them.
 * @packageDocumentation
 */

export type { NewEvent, RecordedEvent } from '../events/envelope.js';
export { createMemoryLog } from './createMemoryLog.js';
export type {
  AppendOptions,
  AppendResult,
  EventLog,
  ExpectedRevision,
  LogHead,
  ReadRange,
  StreamRange,
} from './EventLog.js';
export { type FollowSource, followLog } from './followLog.js';
export { type UnlockReport, unlockLog } from './lockFile.js';
export { type JsonlLog, type JsonlLogOptions, openJsonlLog } from './openJsonlLog.js';
export { type RepairReport, repairLog } from './repairLog.js';
export {
  type VerifiedRecordSink,
  type VerifyProblem,
  type VerifyReport,
  verifyLog,
} from './verifyLog.js';
