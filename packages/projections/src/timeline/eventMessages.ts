import { goDuration } from '../kube/goDuration.js';

/**
 * Kubernetes Event reasons and messages as the scheduler, kubelet and controllers record them
 * (pkg/kubelet/events/event.go and the components named on each). Pure string builders.
 */

/** `source.component` of each recorder. */
export const EventSources = {
  scheduler: 'default-scheduler',
  kubelet: 'kubelet',
  /** Node lifecycle controller (MarkPodsNotReady, legacy DeletePods). */
  nodeController: 'node-controller',
  /** pkg/controller/tainteviction (names.TaintEvictionController). */
  taintEviction: 'taint-eviction-controller',
} as const;

/** scheduler.go handleBindingCycle: `Successfully assigned <ns>/<name> to <node>`. */
export const scheduledMessage = (namespace: string, name: string, node: string): string =>
  `Successfully assigned ${namespace}/${name} to ${node}`;

/**
 * image_manager.go pullImage success, without the `Image size: <n> bytes.` suffix newer kubelets
 * add: the log does not carry the size and podstate does not invent one.
 */
export const pulledImageMessage = (image: string, pullMs: number): string => {
  const d = goDuration(Math.trunc(pullMs));
  return `Successfully pulled image "${image}" in ${d} (${d} including waiting)`;
};

/** kuberuntime_container.go startContainer: `Created container: <c>` (kubelet ≥ 1.32; older: no colon). */
export const createdContainerMessage = (container: string): string => `Created container: ${container}`;

/** kuberuntime_container.go startContainer: `Started container <c>`. */
export const startedContainerMessage = (container: string): string => `Started container ${container}`;

/** kuberuntime_container.go killContainer default message. */
export const stoppingContainerMessage = (container: string): string => `Stopping container ${container}`;

/** kuberuntime_manager.go computePodActions: the Killing message of a probe kill. */
export function probeKillMessage(container: string, probe: 'liveness' | 'startup', restart: boolean): string {
  return `Container ${container} failed ${probe} probe${restart ? ', will be restarted' : ''}`;
}

/** prober.go runProbe: `<Liveness|Readiness|Startup> probe failed: <output>` (Unhealthy). */
export function unhealthyMessage(probe: string, output: string): string {
  return `${probe.charAt(0).toUpperCase()}${probe.slice(1)} probe failed: ${output}`;
}

/** kuberuntime_container.go startContainer: the Warning `Failed` event of a start error. */
export const startErrorMessage = (reasonOrMessage: string): string => `Error: ${reasonOrMessage}`;

/** kuberuntime_manager.go SyncPod: SandboxChanged. */
export const SANDBOX_CHANGED_MESSAGE = 'Pod sandbox changed, it will be killed and re-created.';

/** kuberuntime_manager.go createPodSandbox failure: FailedCreatePodSandBox. */
export const failedCreateSandboxMessage = (err: string): string => `Failed to create pod sandbox: ${err}`;

/** kuberuntime_container.go startContainer: postStart failure (handler output omitted on purpose upstream). */
export const POST_START_HOOK_FAILED = 'PostStartHook failed';

/** controller/util/node MarkPodsNotReady. */
export const NODE_NOT_READY_MESSAGE = 'Node is not ready';

/** tainteviction emitPodDeletionEvent: `Marking for deletion Pod <ns>/<name>`. */
export const taintEvictionMessage = (namespace: string, name: string): string =>
  `Marking for deletion Pod ${namespace}/${name}`;

/** Legacy node controller DeletePods (from memory, unverified): NodeControllerEviction. */
export const nodeControllerEvictionMessage = (name: string, node: string): string =>
  `Marking for deletion Pod ${name} from Node ${node}`;
