/**
 * Kubernetes core/v1 status shapes, as `kubectl get pod -o json` shows them.
 * Times are RFC 3339 strings with seconds precision (`2026-01-02T15:04:05Z`), the way
 * metav1.Time serialises; field names and casing follow the API exactly.
 */
import type { Pod } from '@podstate/core';

/** `status.phase` (core/v1 PodPhase). `Unknown` exists in the API but the kubelet never sets it. */
export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

/** A condition status (core/v1 ConditionStatus). */
export type ConditionStatus = 'True' | 'False' | 'Unknown';

/** Pod condition types the kubelet and control plane set; readiness gates may add any string. */
export type PodConditionType =
  | 'PodScheduled'
  | 'PodReadyToStartContainers'
  | 'Initialized'
  | 'ContainersReady'
  | 'Ready'
  | 'DisruptionTarget'
  | (string & {});

/** One entry of `status.conditions` (core/v1 PodCondition). */
export interface PodCondition {
  type: PodConditionType;
  status: ConditionStatus;
  reason?: string;
  message?: string;
  lastProbeTime?: string | null;
  lastTransitionTime?: string;
}

/** `state.waiting` (core/v1 ContainerStateWaiting). */
export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}

/** `state.running` (core/v1 ContainerStateRunning). */
export interface ContainerStateRunning {
  startedAt?: string;
}

/** `state.terminated` (core/v1 ContainerStateTerminated). */
export interface ContainerStateTerminated {
  exitCode: number;
  signal?: number;
  reason?: string;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
  containerID?: string;
}

/** At most one member is set; `{}` is possible (the runtime reported nothing usable). */
export interface ContainerState {
  waiting?: ContainerStateWaiting;
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
}

/** One entry of `status.containerStatuses` / `initContainerStatuses` (core/v1 ContainerStatus). */
export interface ContainerStatus {
  name: string;
  state: ContainerState;
  lastState: ContainerState;
  ready: boolean;
  started?: boolean;
  restartCount: number;
  image: string;
  imageID: string;
  containerID?: string;
}

/** `status.podIPs[i]` / `status.hostIPs[i]`. */
export interface IPEntry {
  ip: string;
}

/** `status.qosClass`. */
export type PodQOSClass = 'Guaranteed' | 'Burstable' | 'BestEffort';

/** The Pod's `status` (core/v1 PodStatus). */
export interface PodStatus {
  phase: PodPhase;
  conditions?: PodCondition[];
  message?: string;
  reason?: string;
  hostIP?: string;
  hostIPs?: IPEntry[];
  podIP?: string;
  podIPs?: IPEntry[];
  startTime?: string;
  qosClass?: PodQOSClass;
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  nominatedNodeName?: string;
}

/** A whole Pod object: the manifest plus its status. */
export type PodObject = Pod & { status?: PodStatus };

/** A core/v1 Event as `kubectl describe` reads it (the fields podstate fills). */
export interface KubeEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** `source.component`, e.g. `kubelet`, `default-scheduler`. */
  source: string;
  firstTimestamp: string;
  lastTimestamp: string;
  count: number;
  involvedObject?: { fieldPath?: string };
}
