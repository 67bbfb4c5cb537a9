// `@podstate/projections/views` (for podstate's own packages, not public API): what `podstate get
// pods` needs to fold a log and print its Pods (the status fold, the Pod object, the table and
// -o printers, label selectors, the Events timeline a checkpoint holds), without describe or the
// volume projections, so the most used command loads the fewest modules. `runtime` re-exports all of it.

export {
  type FoldedEvent,
  type FoldOptions,
  foldEvent,
  foldTransitions,
  RejectedEventError,
  type TransitionFold,
} from './fold/foldTransitions.js';
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
  formatCustomColumns,
  formatPodList,
  type PodListEntry,
  type PodListOptions,
  parseCustomColumns,
  sortByField,
} from './kubectl/printers.js';
export { toPodObject } from './status/podObject.js';
export { StatusProjection } from './status/statusProjection.js';
export type { EmittedEvent } from './timeline/eventRecorder.js';
export { TimelineProjection } from './timeline/timelineProjection.js';
