import type { ContainerCtx, ContainerSlot, PodCtx } from '@podstate/core';
import {
  imageRepository,
  isCreateContainerConfigErrorState,
  isCreatedState,
  isErrImageNeverPullState,
  isErrImagePullState,
  isInvalidImageNameState,
  isReadyState,
  isRunningState,
  isStartedState,
  isTerminatedState,
  policyRestarts,
  startedInSandbox,
} from '@podstate/core/views';
import {
  crashLoopBackOffMessage,
  errImageNeverPullMessage,
  evalCRIPullErr,
  imagePullBackOffWaitingMessage,
} from '../kube/kubeletMessages.js';
import { formatRFC3339 } from '../kube/time.js';
import type { ContainerState, ContainerStateTerminated, ContainerStatus } from '../kube/types.js';

const FNV_PRIME = 0x01000193;

/**
 * `n` hex digits: fnv1a(`${s}#0`), fnv1a(`${s}#1`), … concatenated. The hash of the shared
 * prefix `${s}#` is taken once and carried on with each counter's digits (FNV-1a is a left fold),
 * so each id hashes its input once instead of eight times; the digits are fnv1a's own.
 */
const hex = (s: string, n: number) => {
  let prefix = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) prefix = Math.imul(prefix ^ s.charCodeAt(k), FNV_PRIME) >>> 0;
  prefix = Math.imul(prefix ^ 0x23 /* # */, FNV_PRIME) >>> 0;
  let out = '';
  for (let i = 0; out.length < n; i++) {
    let h = prefix;
    const digits = String(i);
    for (let k = 0; k < digits.length; k++) h = Math.imul(h ^ digits.charCodeAt(k), FNV_PRIME) >>> 0;
    out += h.toString(16).padStart(8, '0');
  }
  return out.slice(0, n);
};

// containerIDOf per `uid/name/run`: a Pod's status asks it for each container's current and last
// run every time it is built, and those change only when a container starts again. Bounded like
// imageIDs.
const containerIDs = new Map<string, string>();
const CONTAINER_IDS_MAX = 4096;

/** Deterministic `containerd://…` id of a container's n-th run. */
export function containerIDOf(uid: string, name: string, run: number): string {
  const key = `${uid}/${name}/${run}`;
  let id = containerIDs.get(key);
  if (id === undefined) {
    if (containerIDs.size >= CONTAINER_IDS_MAX) containerIDs.clear();
    id = `containerd://${hex(key, 64)}`;
    containerIDs.set(key, id);
  }
  return id;
}

// imageIDOf per image name: a Pod's status asks it for every container each time it is built,
// and a log names few images. Bounded: cleared when it holds more than IMAGE_IDS_MAX names.
const imageIDs = new Map<string, string>();
const IMAGE_IDS_MAX = 4096;

/** Deterministic image digest reference of an image, as the runtime reports imageID. */
export function imageIDOf(image: string): string {
  let id = imageIDs.get(image);
  if (id === undefined) {
    if (imageIDs.size >= IMAGE_IDS_MAX) imageIDs.clear();
    id = computeImageID(image);
    imageIDs.set(image, id);
  }
  return id;
}

function computeImageID(image: string): string {
  return `${imageRepository(image)}@sha256:${hex(image, 64)}`;
}

function terminated(
  t: NonNullable<ContainerSlot['ctx']['current']>,
  id: string | undefined,
): ContainerStateTerminated {
  return {
    exitCode: t.exitCode,
    ...(t.signal !== undefined ? { signal: t.signal } : {}),
    reason: t.reason,
    ...(t.message !== undefined ? { message: t.message } : {}),
    startedAt: formatRFC3339(t.startedAt),
    finishedAt: formatRFC3339(t.finishedAt),
    ...(id ? { containerID: id } : {}),
  };
}

/**
 * A failed pull as the container shows it (EnsureImageExists → pullImage, evalCRIPullErr), read
 * from the chart state: errImagePull shows the classified error at the failure's instant; at any
 * later instant the kubelet has synced again and, the back-off keyed by Pod and image being in
 * force, shows ImagePullBackOff carrying the last error (the state moves there at the Pod's next
 * event; a clock tick does not step Pods). imagePullBackOff shows it too; a container that shares
 * the image's back-off without a pull of its own shows it once it is its turn to start.
 */
function pullWaiting(pod: PodCtx, s: ContainerSlot, now: number): ContainerState | undefined {
  const c = s.ctx;
  if (c.pullError === undefined) return undefined;
  const failure = evalCRIPullErr(c.image, c.pullError);
  if (isErrImagePullState(s.value) && (c.pullFailedAt ?? now) >= now)
    return { waiting: { reason: failure.reason, message: failure.message } };
  if (c.pullFailedAt === undefined && !isNext(pod, s)) return undefined;
  return {
    waiting: { reason: 'ImagePullBackOff', message: imagePullBackOffWaitingMessage(c.image, failure) },
  };
}

/**
 * convertToAPIContainerStatuses (kubelet_pods.go) applies no reason cache entry (CrashLoopBackOff,
 * a pull or start error) to an init container, regular or sidecar, whose runtime record shows it
 * exited 0 ("If the init container is terminated with exit code 0, it won't be restarted"): it
 * shows terminated (Completed). The record stays until the kubelet creates a new sandbox (SyncPod:
 * KillPod with CreateSandbox → purgeInitContainers), so after `pod.sandbox.ready` a re-run held by
 * the back-off shows waiting CrashLoopBackOff again. For a container with a finished run
 * (`c.current` set). Pure.
 */
export function initRecordCompleted(pod: PodCtx, c: ContainerCtx): boolean {
  return c.role !== 'app' && c.current!.exitCode === 0 && c.sandbox === pod.sandbox;
}

/**
 * One container's status as the kubelet reports it (convertToAPIContainerStatuses, lifecycle.md
 * §3, §7, §8, §12) at time `now`: the state machine's facts plus the reasons the kubelet derives
 * (default waiting reason, CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError, …). Pure.
 */
export function containerStatusOf(pod: PodCtx, s: ContainerSlot, now: number): ContainerStatus {
  const c = s.ctx;
  const ref = { name: pod.name, namespace: pod.namespace, uid: pod.uid };
  const hasInit = (pod.pod.spec.initContainers?.length ?? 0) > 0;
  const defaultWaiting: ContainerState = {
    waiting: { reason: hasInit ? 'PodInitializing' : 'ContainerCreating' },
  };
  const id = c.runs > 0 ? (c.containerID ?? containerIDOf(pod.uid, c.name, c.runs)) : undefined;
  const lastId = c.runs > 1 ? containerIDOf(pod.uid, c.name, c.runs - 1) : undefined;
  let state: ContainerState;
  let lastState: ContainerState = c.last ? { terminated: terminated(c.last, lastId) } : {};
  let restartCount = c.restartCount;
  let containerID = id;
  const running = isRunningState(s.value);
  const finished = pod.terminalPhase !== undefined;
  if (s.value === 'running.postStart') {
    // startContainer runs postStart synchronously and the status is written only after that
    // sync: until the hook returns, the API shows what it showed before the start. A first run
    // is still waiting (ContainerCreating / PodInitializing); a restart still shows its last
    // run, terminated, with the restart count before this start (`last` is set by a start that
    // follows a run, so exactly when this is a restart).
    if (c.last !== undefined) {
      state = { terminated: terminated(c.last, lastId) };
      lastState = {};
      restartCount = c.restartCount - 1;
      containerID = lastId;
    } else {
      state = defaultWaiting;
      containerID = undefined;
    }
  } else if (running) {
    state = { running: { startedAt: formatRFC3339(c.startedAt!) } };
  } else if (isCreatedState(s.value) && isTerminatedState(s.value) && c.current) {
    // A new instance was created after the last run: the runtime's newest record is `created`
    // (waiting, no reason), the exited one becomes lastState, and the kubelet annotated the new
    // instance with restartCount + 1 (kuberuntime_container.go startContainer).
    state = { waiting: {} };
    lastState = { terminated: terminated(c.current, id) };
    restartCount = c.restartCount + 1;
    containerID = containerIDOf(pod.uid, c.name, c.runs + 1);
  } else if (isTerminatedState(s.value) && c.current) {
    const restarting =
      !finished && pod.deletion === undefined && policyRestarts(c) && !initRecordCompleted(pod, c);
    const inBackoff =
      restarting && c.backoff !== undefined && c.current.finishedAt - c.backoff.lastUpdate <= 600_000;
    const waiting = restarting
      ? c.startError
        ? { waiting: { reason: c.startError.reason, message: c.startError.message } }
        : (startErrorWaiting(s) ??
          pullWaiting(pod, s, now) ??
          (inBackoff
            ? {
                waiting: {
                  reason: 'CrashLoopBackOff',
                  message: crashLoopBackOffMessage(c.backoff!.delay, c.name, ref),
                },
              }
            : undefined))
      : undefined;
    if (waiting) {
      state = waiting;
      lastState = { terminated: terminated(c.current, id) };
    } else {
      state = { terminated: terminated(c.current, id) };
    }
  } else {
    state = pullWaiting(pod, s, now) ?? waitingReason(s) ?? defaultWaiting;
    // The runtime's record of the instance created for the first run carries its ID (and image
    // ID), as a restart's created instance does above.
    if (isCreatedState(s.value)) containerID = containerIDOf(pod.uid, c.name, c.runs + 1);
  }
  return {
    name: c.name,
    state,
    lastState,
    // prober_manager UpdatePodStatus: a regular init container is ready once it exited 0.
    ready: c.role === 'init' ? state.terminated?.exitCode === 0 : isReadyState(s.value),
    started: isStartedState(s.value),
    restartCount,
    image: c.image,
    imageID: containerID !== undefined ? (c.imageID ?? imageIDOf(c.image)) : '',
    ...(containerID ? { containerID } : {}),
  };
}

/**
 * The reason cache's entry (or the runtime's created record) of a container that has not run:
 * shown whatever became of the sandbox or the volume sources since the sync that wrote it (only a
 * later SyncPod that reaches the start replaces it; the chart leaves the state then).
 */
function waitingReason(s: ContainerSlot): ContainerState | undefined {
  const failed = startErrorWaiting(s);
  if (failed !== undefined) return failed;
  if (isCreatedState(s.value)) return { waiting: {} };
  return undefined;
}

/**
 * The reason cache's entry for a start that failed in the kubelet's last sync, read from the
 * chart state: startContainer → EnsureImageExists (InvalidImageName with applyDefaultImageTag's
 * message; ErrImageNeverPull), or → generateContainerConfig (CreateContainerConfigError with
 * makeEnvironmentVariables' message).
 */
function startErrorWaiting(s: ContainerSlot): ContainerState | undefined {
  const c = s.ctx;
  if (isCreateContainerConfigErrorState(s.value))
    return { waiting: { reason: 'CreateContainerConfigError', message: c.configError ?? '' } };
  if (isErrImageNeverPullState(s.value))
    return { waiting: { reason: 'ErrImageNeverPull', message: errImageNeverPullMessage(c.image) } };
  if (isInvalidImageNameState(s.value))
    return { waiting: { reason: 'InvalidImageName', message: c.imageError ?? '' } };
  return undefined;
}

/** Whether the kubelet would try to start this container now (its predecessors are done). */
function isNext(pod: PodCtx, s: ContainerSlot): boolean {
  if (s.ctx.role === 'app')
    return pod.initialized || pod.containers.every((o) => o.ctx.role === 'app' || doneForOrdering(pod, o));
  return pod.containers.slice(0, s.ctx.index).every((o) => doneForOrdering(pod, o));
}

function doneForOrdering(pod: PodCtx, o: ContainerSlot): boolean {
  if (o.ctx.role === 'sidecar') return startedInSandbox(pod, o);
  return isTerminatedState(o.value) && o.ctx.current?.exitCode === 0 && o.ctx.sandbox === pod.sandbox;
}
