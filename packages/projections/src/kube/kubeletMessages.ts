import { goDuration } from './goDuration.js';

/** The Pod fields `format.Pod` (pkg/kubelet/util/format) prints. */
export interface PodRef {
  name: string;
  namespace: string;
  uid: string;
}

/** `name_namespace(uid)`, as the kubelet's format.Pod renders a Pod in messages. Pure. */
export const formatPod = (pod: PodRef): string => `${pod.name}_${pod.namespace}(${pod.uid})`;

/**
 * `state.waiting.message` of a CrashLoopBackOff container
 * (pkg/kubelet/kuberuntime/kuberuntime_manager.go doBackOff). Pure.
 * @example crashLoopBackOffMessage(20_000, 'app', { name: 'web', namespace: 'default', uid: 'u1' })
 * // 'back-off 20s restarting failed container=app pod=web_default(u1)'
 */
export function crashLoopBackOffMessage(delayMs: number, container: string, pod: PodRef): string {
  return `back-off ${goDuration(delayMs)} restarting failed container=${container} pod=${formatPod(pod)}`;
}

/** The Warning `BackOff` event of a crash-looping container (doBackOff). Pure. */
export function crashLoopBackOffEventMessage(container: string, pod: PodRef): string {
  return `Back-off restarting failed container ${container} in pod ${formatPod(pod)}`;
}

/** The `BackOff` event of a pull in back-off (pkg/kubelet/images/image_manager.go pullImage). Pure. */
export const imagePullBackOffMessage = (image: string): string => `Back-off pulling image "${image}"`;

/** A pull error as the kubelet names it: the waiting reason and its message. */
export interface PullFailure {
  reason: 'ErrImagePull' | 'RegistryUnavailable' | 'SignatureValidationFailed';
  message: string;
}

/**
 * evalCRIPullErr (image_manager.go): a CRI error starting with `RegistryUnavailable` or
 * `SignatureValidationFailed` keeps that name as the reason, with the image named in the
 * message; any other error is `ErrImagePull` with the CRI text as it is. Pure.
 * @example evalCRIPullErr('nginx:1.25', 'RegistryUnavailable: dial tcp: i/o timeout')
 * // { reason: 'RegistryUnavailable', message: 'image pull failed for nginx:1.25 because the registry is unavailable: dial tcp: i/o timeout' }
 */
export function evalCRIPullErr(image: string, err: string): PullFailure {
  if (err.startsWith('RegistryUnavailable')) {
    const rest = err.slice('RegistryUnavailable'.length);
    return {
      reason: 'RegistryUnavailable',
      message: `image pull failed for ${image} because the registry is unavailable${rest}`,
    };
  }
  if (err.startsWith('SignatureValidationFailed')) {
    const rest = err.slice('SignatureValidationFailed'.length);
    return {
      reason: 'SignatureValidationFailed',
      message: `image pull failed for ${image} because the signature validation failed${rest}`,
    };
  }
  return { reason: 'ErrImagePull', message: err };
}

/**
 * `ImagePullBackOff` waiting message: the back-off message wrapped around the last pull error,
 * `Back-off pulling image "<image>": <reason>: <message>` (pullImage's prevPullErrMsg). Pure.
 */
export const imagePullBackOffWaitingMessage = (image: string, last: PullFailure): string =>
  `${imagePullBackOffMessage(image)}: ${last.reason}: ${last.message}`;

/** `ErrImageNeverPull` waiting message and event (image_manager.go EnsureImageExists). Pure. */
export const errImageNeverPullMessage = (image: string): string =>
  `Container image "${image}" is not present with pull policy of Never`;

/** Event messages of the image manager (image_manager.go). Pure. */
export const pullingImageMessage = (image: string): string => `Pulling image "${image}"`;
export const imageAlreadyPresentMessage = (image: string): string =>
  `Container image "${image}" already present on machine`;
export const failedToPullImageMessage = (image: string, err: string): string =>
  `Failed to pull image "${image}": ${err}`;

/** `lastState.terminated` reason for a vanished container (kubecontainer.ContainerReasonStatusUnknown). */
export const CONTAINER_STATUS_UNKNOWN = 'ContainerStatusUnknown';
/**
 * Message when a previously running container is missing from the runtime
 * (kubelet_pods.go convertToAPIContainerStatuses; note the two spaces, verbatim upstream).
 */
export const CONTAINER_NOT_LOCATED_ON_DELETE =
  'The container could not be located when the pod was deleted.  The container used to be Running';
/** Message when the runtime reports a previously running container as `unknown` (convertContainerStatus). */
export const CONTAINER_NOT_LOCATED_ON_TERMINATE =
  'The container could not be located when the pod was terminated';

/** `status.reason` set by the legacy node controller (nodepkg.NodeUnreachablePodReason). */
export const NODE_LOST_REASON = 'NodeLost';
/** `status.message` with NodeLost (nodepkg.NodeUnreachablePodMessage with node and pod name). Pure. */
export const nodeLostMessage = (node: string, pod: string): string =>
  `Node ${node} which was running pod ${pod} is unresponsive`;

/** A `DisruptionTarget=True` condition's reason and message. */
export interface DisruptionTarget {
  reason: string;
  message: string;
}

/** DisruptionTarget reasons and messages of the components that set them. */
export const DisruptionTargets = {
  /** pkg/controller/tainteviction/taint_eviction.go. */
  taintManager: {
    reason: 'DeletionByTaintManager',
    message: 'Taint manager: deleting due to NoExecute taint',
  },
  /** pkg/controller/podgc/gc_controller.go (orphaned Pod of a deleted Node). */
  podGC: { reason: 'DeletionByPodGC', message: 'PodGC: node no longer exists' },
  /** pkg/registry/core/pod/storage/eviction.go. */
  evictionAPI: { reason: 'EvictionByEvictionAPI', message: 'Eviction API: evicting' },
  /** pkg/scheduler/framework/preemption (message names the preemptor's scheduler). */
  preemption: (schedulerName = 'default-scheduler'): DisruptionTarget => ({
    reason: 'PreemptionByScheduler',
    message: `${schedulerName}: preempting to accommodate a higher priority pod`,
  }),
} as const;
