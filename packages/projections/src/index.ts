/**
 * `@podstate/projections`: what `kubectl` would show for the Pods of a podstate event log —
 * status (phase, conditions, container statuses), `get pods` rows, `describe`, the Events a
 * kubelet records, and the files a container sees in its volumes.
 *
 * Every name here is public API (semver); `@podstate/projections/internal` is not.
 * @packageDocumentation
 */

export {
  type FoldedEvent,
  type FoldOptions,
  foldEvent,
  foldTransitions,
  RejectedEventError,
  type TransitionFold,
} from './fold/foldTransitions.js';
export { describePod } from './kube/describePod.js';
export { formatPodTable, type PodTableOptions } from './kube/formatPodTable.js';
export { getPhase } from './kube/getPhase.js';
export { humanDuration, shortHumanDuration } from './kube/humanDuration.js';
export { type PodRow, printPod, rowKey } from './kube/printPod.js';
export { qosClass } from './kube/qosClass.js';
export type {
  ConditionStatus,
  ContainerState,
  ContainerStateRunning,
  ContainerStateTerminated,
  ContainerStateWaiting,
  ContainerStatus,
  IPEntry,
  KubeEvent,
  PodCondition,
  PodConditionType,
  PodObject,
  PodPhase,
  PodQOSClass,
  PodStatus,
} from './kube/types.js';
export { JsonPath, JsonPathError, type JsonValue } from './kubectl/jsonpath.js';
export {
  LabelSelectorError,
  parseLabelSelector,
  type Requirement,
  type SelectorOperator,
  selectorMatches,
} from './kubectl/labelSelector.js';
export {
  type CustomColumn,
  formatPodList,
  type PodListEntry,
  type PodListOptions,
  parseCustomColumns,
} from './kubectl/printers.js';
export { diffPod, type PodPatch, podPatches } from './rx/podPatches.js';
export {
  type PodRowChanges,
  type PodWatchFilter,
  podRow,
  podRowChanges,
  podStatus,
} from './rx/podViews.js';
export { type Replayed, type ReplayIntoOptions, replayInto } from './rx/replayInto.js';
export { toPodObject } from './status/podObject.js';
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
export { StatusProjection, type StatusSnapshot } from './status/statusProjection.js';
export type { EmittedEvent } from './timeline/eventRecorder.js';
export { TimelineProjection, type TimelineSnapshot } from './timeline/timelineProjection.js';
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
