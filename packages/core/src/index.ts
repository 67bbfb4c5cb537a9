/**
 * `@podstate/core`: the Pod state engine, the event catalogue, the event log stores (JSONL and
 * memory), manifest loading and validation, the XState machines and their charts.
 *
 * Every name here is public API (semver). Names not exported here are internal; the podstate
 * packages reach them through `@podstate/core/internal`, which carries no compatibility promise.
 * @packageDocumentation
 */

export type { ChartJSON, ChartState, ChartTransition } from './charts/toChartJSON.js';
export { toChartJSON } from './charts/toChartJSON.js';
export { toDot } from './charts/toDot.js';
export { toMermaid } from './charts/toMermaid.js';
export {
  type Accepted,
  createEngine,
  type Decision,
  Engine,
  type EngineOptions,
  replay,
} from './engine/createEngine.js';
export { enabledEvents } from './engine/enabledEvents.js';
export {
  type ClusterEnv,
  type ConfigObject,
  createClusterEnv,
  type NodeInfo,
  type NodeLostProfile,
  nodeForBinding,
} from './engine/env.js';
export { type NextAction, nextActions } from './engine/nextActions.js';
export { createPodCtx, normalizePod } from './engine/normalizePod.js';
export { type EngineSnapshot, type NodeSnapshot, restoreEngine } from './engine/snapshot.js';
export { type LogPoint, profileOf, stateAt } from './engine/timeTravel.js';
export type {
  AcceptedEvent,
  ApplyResult,
  EventInput,
  PodState,
  Rejection,
  RemovedPod,
  Transition,
} from './engine/types.js';
export { isPodstateError, PodstateError, type PodstateErrorCode } from './errors.js';
export {
  EVENT_TYPES,
  type EventData,
  type EventType,
  eventDataSchemas,
  isEventType,
} from './events/catalogue.js';
export {
  type CheckEventDataOptions,
  checkEventData,
  type EventDataProblem,
} from './events/checkEventData.js';
export { checkEventInput } from './events/checkEventInput.js';
export type { NewEvent, RecordedEvent } from './events/envelope.js';
export {
  containerOf,
  type EventMap,
  type EventOf,
  type PodstateEvent,
  type TypedEventInput,
  typedEvent,
} from './events/eventTypes.js';
export { createMemoryLog } from './log/createMemoryLog.js';
export type {
  AppendOptions,
  AppendResult,
  EventLog,
  ExpectedRevision,
  LogHead,
  ReadRange,
  StreamRange,
} from './log/EventLog.js';
export { type FollowSource, followLog } from './log/followLog.js';
export { type UnlockReport, unlockLog } from './log/lockFile.js';
export { type JsonlLog, type JsonlLogOptions, openJsonlLog } from './log/openJsonlLog.js';
export { type RepairReport, repairLog } from './log/repairLog.js';
export {
  type VerifiedRecordSink,
  type VerifyProblem,
  type VerifyReport,
  verifyLog,
} from './log/verifyLog.js';
export {
  type ClusterMachineContext,
  type ClusterMachineInput,
  clusterMachine,
  createClusterContext,
} from './machines/clusterMachine.js';
export { type StateValueLike, stateKey, stateValueOf } from './machines/compile.js';
export { containerMachine } from './machines/containerMachine.js';
export type {
  ContainerEvent,
  ContainerMachineEvent,
  ContainerSyncEvent,
  MachineEvent,
  MachineEventOf,
  ProbeEvent,
} from './machines/events.js';
export { type PodMachineContext, podMachine } from './machines/podMachine.js';
export {
  isContainersState,
  isSandboxState,
  isSchedulingState,
  isStoppingPodState,
  isTerminalPodState,
  type PodStage,
  podStage,
} from './machines/podStates.js';
export type { Refusal, RefusalCode } from './machines/refusal.js';
export {
  type ContainerCtx,
  type ContainerRole,
  type ContainerSlot,
  type ContainerStateValue,
  type ContainerStoppingValue,
  type ContainerUpValue,
  isCreateContainerConfigErrorState,
  isCreatedState,
  isErrImageNeverPullState,
  isErrImagePullState,
  isInvalidImageNameState,
  isPreStopState,
  isPullingState,
  isReadyState,
  isRunningState,
  isStartedState,
  isStoppingState,
  isTerminatedState,
  isUpState,
  isWaitingState,
  type PodCtx,
  type PodMetadataRevision,
  type PodStateValue,
} from './machines/types.js';
export {
  type AdmissionPatch,
  admissionReview,
  type JsonPatchOperation,
  toJsonPatch,
  toJsonPointer,
} from './manifest/admission.js';
export { type LoadedDocument, loadDocuments } from './manifest/loadDocuments.js';
export { PODSTATE_API_VERSION, toObjects } from './manifest/toObjects.js';
export type {
  ConfigMap,
  ConfigMapVolumeSource,
  Container,
  ContainerPort,
  DownwardAPIVolumeFile,
  DownwardAPIVolumeSource,
  EnvFromSource,
  EnvVar,
  ExecAction,
  Handler,
  HostAlias,
  KeyToPath,
  KubeObject,
  Node,
  ObjectFieldSelector,
  ObjectMeta,
  Pod,
  PodReadinessGate,
  PodSpec,
  Probe,
  PullPolicy,
  ResourceFieldSelector,
  ResourceRequirements,
  RestartPolicy,
  Secret,
  SecretVolumeSource,
  ServiceAccountTokenProjection,
  Toleration,
  Volume,
  VolumeMount,
  VolumeProjection,
} from './manifest/types.js';
export { validateObject } from './manifest/validateObject.js';
