// `@podstate/projections/runtime` (for podstate's own packages, not public API): the public
// names minus the RxJS operators (rx/), so a command that folds a log with loops (`podstate get
// pods`) loads neither RxJS nor immer. Keep it in step with index.ts.

export { describePod } from './kube/describePod.js';
export {
  checkProjectedI2,
  checkProjectedI4,
  checkProjectedI5,
  checkProjectedPods,
  type PodViolation,
  type ProjectedPodObject,
  ProjectedPodsChecker,
  type ReplaySource,
} from './status/projectedInvariants.js';
export * from './views.js';
export type { DirEntry } from './volumes/atomicWriter.js';
export {
  type ContainerMount,
  containerMounts,
  type MountContext,
  type MountedFile,
  type MountFailure,
} from './volumes/containerMounts.js';
export {
  type EnvContext,
  type EnvHistoryContext,
  type EnvResult,
  resolveEnv,
  resolveEnvAt,
} from './volumes/env/resolveEnv.js';
export { type HostsContext, podHostsFile } from './volumes/hosts/hostsFile.js';
export type { ObjectHistory, ObjectVersion } from './volumes/objectHistory.js';
export { objectHistoryFromEvents } from './volumes/objectHistoryFromEvents.js';
export { podMetadataAt } from './volumes/podMetadataAt.js';
export { collectSecretValues, redactedMarker, redactSecrets } from './volumes/redactSecrets.js';
export { type TimelineContext, type VolumeAt, volumeAt } from './volumes/volumeTimeline.js';
