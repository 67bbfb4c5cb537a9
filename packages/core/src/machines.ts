/**
 * `@podstate/core/machines`: the Pod and container statecharts and their chart renderers, with
 * nothing from `node:*` — bundle it for a browser (esbuild, Vite) and drive it with XState.
 * @packageDocumentation
 */

// Engines built here take untrusted input: load the catalogue's check (events/inputCheck.ts).
import './events/checkEventInput.js';

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
export {
  type ClusterEnv,
  type ConfigObject,
  createClusterEnv,
  type NodeInfo,
  type NodeLostProfile,
  nodeForBinding,
} from './engine/env.js';
export { createPodCtx, normalizePod } from './engine/normalizePod.js';
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
export { EVENT_TYPES, type EventData, type EventType, isEventType } from './events/catalogue.js';
export {
  containerOf,
  type EventMap,
  type EventOf,
  type PodstateEvent,
  type TypedEventInput,
  typedEvent,
} from './events/eventTypes.js';
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
  type PodStateValue,
} from './machines/types.js';
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
