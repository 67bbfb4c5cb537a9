import type { Container, Pod, PullPolicy, RestartPolicy } from '../manifest/types.js';

/** The two regions of a running container past postStart: its startup probe and its readiness. */
export type ContainerUpValue =
  `running.up.startup.${'pending' | 'passed'} | running.up.readiness.${'unknown' | 'ready' | 'notReady'}`;

/**
 * A container the kubelet is stopping (killContainer): the kill's progress (preStop hook running,
 * then SIGTERM sent), with the startup and readiness regions it had when the kill began.
 */
export type ContainerStoppingValue =
  `running.stopping.kill.${'preStop' | 'sigtermSent'} | running.stopping.startup.${'pending' | 'passed'} | running.stopping.readiness.${'unknown' | 'ready' | 'notReady'}`;

/** The states a container passes through before a start (its first or a restart). */
type BeforeStart =
  | 'pullingImage'
  | 'errImagePull'
  | 'imagePullBackOff'
  | 'imagePulled'
  | 'errImageNeverPull'
  | 'createContainerConfigError'
  | 'created';

/**
 * Where a container is in its lifecycle: a configuration of the container machine, as
 * `stateKey` writes XState's state value (parallel regions joined by ` | `).
 */
export type ContainerStateValue =
  | `waiting.${'forTurn' | 'invalidImageName' | BeforeStart}`
  | 'running.postStart'
  | ContainerUpValue
  | ContainerStoppingValue
  | `terminated.${'exited' | 'crashLoopBackOff' | BeforeStart}`;

/** The container's process runs (postStart, up, or stopping after SIGTERM): `state.running` in the runtime. Pure. */
export function isRunningState(value: ContainerStateValue): boolean {
  return value.startsWith('running');
}

/** Never started in this Pod (state `waiting`). Pure. */
export const isWaitingState = (value: ContainerStateValue): boolean => value.startsWith('waiting');
/** Its last run exited and it has not started again (state `terminated`). Pure. */
export const isTerminatedState = (value: ContainerStateValue): boolean => value.startsWith('terminated');
/** Running past its postStart hook, not being stopped (state `running.up`). Pure. */
export const isUpState = (value: ContainerStateValue): boolean => value.startsWith('running.up');
/** Being stopped by the kubelet: a failed liveness or startup probe, or the Pod's deletion (state `running.stopping`). Pure. */
export const isStoppingState = (value: ContainerStateValue): boolean => value.startsWith('running.stopping');
/**
 * `started` in the API (prober_manager UpdatePodStatus): running past postStart with its startup
 * region `passed` (no startup probe, or it succeeded). Pure.
 */
export const isStartedState = (value: ContainerStateValue): boolean =>
  value.startsWith('running.') && value.includes('.startup.passed');
/**
 * `ready` in the API (prober_manager UpdatePodStatus): started and its readiness region `ready`
 * (no readiness probe, or successThreshold successes). Pure.
 */
export const isReadyState = (value: ContainerStateValue): boolean =>
  isStartedState(value) && value.includes('.readiness.ready');
/** The preStop hook runs (state `running.stopping.kill.preStop`, executePreStopHook). Pure. */
export const isPreStopState = (value: ContainerStateValue): boolean =>
  value.startsWith('running.stopping.kill.preStop');
/** The runtime holds a created, not yet started instance (state `*.created`, CreateContainer done). Pure. */
export const isCreatedState = (value: ContainerStateValue): boolean => value.endsWith('.created');
/** An image pull for the next start is under way (state `*.pullingImage`, EnsureImageExists → pullImage). Pure. */
export const isPullingState = (value: ContainerStateValue): boolean => value.endsWith('.pullingImage');
/** Its own last pull failed and the kubelet has not synced since (state `*.errImagePull`). Pure. */
export const isErrImagePullState = (value: ContainerStateValue): boolean => value.endsWith('.errImagePull');
/**
 * The kubelet's last attempt to start it failed building its config (state
 * `*.createContainerConfigError`: startContainer → generateContainerConfig → ErrCreateContainerConfig,
 * a Secret/ConfigMap or key its env names is missing); the message is `ContainerCtx.configError`. Pure.
 */
export const isCreateContainerConfigErrorState = (value: ContainerStateValue): boolean =>
  value.endsWith('.createContainerConfigError');
/**
 * The kubelet's last attempt to start it found its image absent under imagePullPolicy Never
 * (state `*.errImageNeverPull`: startContainer → EnsureImageExists → ErrImageNeverPull). Pure.
 */
export const isErrImageNeverPullState = (value: ContainerStateValue): boolean =>
  value.endsWith('.errImageNeverPull');
/**
 * The kubelet's attempt to start it found an image name that does not parse (state
 * `waiting.invalidImageName`: startContainer → EnsureImageExists → applyDefaultImageTag →
 * ErrInvalidImageName); the message is `ContainerCtx.imageError`. Pure.
 */
export const isInvalidImageNameState = (value: ContainerStateValue): boolean =>
  value === 'waiting.invalidImageName';

/**
 * A kill the kubelet started (killContainer): for a failed liveness or startup probe, or for the
 * Pod's deletion (`probe` undefined). SIGTERM after the preStop hook, SIGKILL at `deadline`.
 */
export interface ProbeKill {
  /** The probe whose failure started the kill; undefined when the Pod's deletion did. */
  probe?: 'liveness' | 'startup';
  /** When the grace period ends and the runtime sends SIGKILL, ms. */
  deadline: number;
}

/**
 * Where a Pod is in its lifecycle: an atomic state of the Pod machine as `stateKey` writes it
 * (`stage.child`); see podStates.ts and docs/statecharts.md.
 */
export type PodStateValue =
  | `scheduling.${'gated' | 'queued' | 'unschedulable'}`
  | `sandbox.${'creating' | 'creationFailed' | 'recreating'}`
  | `containers.${'initializing' | 'startingSidecars' | 'startingApps' | 'running'}`
  | `terminating.${'stoppingContainers' | 'awaitingRemoval'}`
  | `finished.${'succeeded' | 'failed'}`
  | 'removed';

/** A container's role (lifecycle.md §0). */
export type ContainerRole = 'init' | 'sidecar' | 'app';

/** One finished run of a container, as `state.terminated` / `lastState.terminated` show it. */
export interface Termination {
  exitCode: number;
  signal?: number;
  reason: string;
  message?: string;
  startedAt: number;
  finishedAt: number;
  containerID?: string;
}

/** A start failure the kubelet keeps in its reason cache (e.g. PostStartHookError). */
export interface StartError {
  reason: string;
  message: string;
}

/** The crash-loop back-off entry of client-go's flowcontrol.Backoff for one key. */
export interface BackoffEntry {
  /** Current back-off duration, ms. */
  delay: number;
  /** When the entry was last updated (the last restart), ms. */
  lastUpdate: number;
}

/** The context of the container machine: everything that happened to one container. */
export interface ContainerCtx {
  name: string;
  index: number;
  role: ContainerRole;
  spec: Container;
  image: string;
  /** The image reference normalised for the node's image cache. */
  imageKey: string;
  /**
   * Set when the image does not parse (ParseImageName): the InvalidImageName message
   * `Failed to apply default image tag "<image>": <err>`; such a container is never pulled.
   */
  imageError?: string;
  pullPolicy: PullPolicy;
  /** Runs started so far over the Pod's life; restartCount = max(0, runs - 1). */
  runs: number;
  restartCount: number;
  /** The run under way or last finished. */
  startedAt?: number;
  containerID?: string;
  current?: Termination;
  last?: Termination;
  /** Sandbox generation the container last started in. */
  sandbox: number;
  /** An image pull for the next start has succeeded (policy Always needs one per start). */
  pulled: boolean;
  imageID?: string;
  pullError?: string;
  pullFailedAt?: number;
  pullBackoff?: BackoffEntry;
  backoff?: BackoffEntry;
  startError?: StartError;
  /**
   * The message of the last CreateContainerConfigError (the kubelet's reason cache: what
   * makeEnvironmentVariables returned, e.g. `secret "db" not found`), set while the container is
   * in a `createContainerConfigError` state.
   */
  configError?: string;
  startupFailures: number;
  readySuccesses: number;
  readyFailures: number;
  livenessFailures: number;
  /** The Pod's terminationGracePeriodSeconds (default 30): the grace of a probe kill without its own. */
  podGraceSeconds: number;
  /** Set while the kubelet stops the container (state running.stopping): why, and its SIGKILL deadline. */
  kill?: ProbeKill;
  /**
   * The sandbox in which the kubelet killed this started container for a failed liveness probe.
   * computePodActions decided that kill seeing it running and started, so for the ordering of that
   * sandbox it still counts as started (the app containers start in the same sync).
   */
  livenessKilledInSandbox?: number;
  /** Exited because the kubelet stopped it (deletion, pod completion, eviction): never restarted. */
  stopped: boolean;
  /** Must run again whatever the restart policy: its sandbox was recreated (§6.1). */
  needsRun: boolean;
  /** The Pod's restartPolicy, which decides whether an exited app or init container restarts. */
  podRestartPolicy: RestartPolicy;
}

/** A container slot of the Pod: its machine state and context. */
export interface ContainerSlot {
  value: ContainerStateValue;
  ctx: ContainerCtx;
}

/**
 * Deletion requested through the API (CheckGracefulDelete, then BeforeDelete for a second
 * request), and the kubelet's kill that the first request started.
 */
export interface Deletion {
  /** The first request, ms. */
  requestedAt: number;
  /** deletionGracePeriodSeconds: the first request's grace, or a later, shorter one (BeforeDelete). */
  gracePeriodSeconds: number;
  /** deletionTimestamp, ms: requestedAt + gracePeriodSeconds. */
  deadline: number;
  /**
   * When the kubelet's kill sends SIGKILL, ms: the first request + its grace. A later, shorter
   * request moves deletionTimestamp but not this: SyncTerminatingPod runs killPod on a context of
   * its own (kubelet.go, TODO #113606), so cancelling the pod worker's sync does not reach it.
   */
  killDeadline: number;
}

/** The Pod's labels and annotations from `since` (ms) until the next revision. */
export interface PodMetadataRevision {
  since: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** The context of the Pod machine: the Pod's facts, independent of any projection. */
export interface PodCtx {
  uid: string;
  namespace: string;
  name: string;
  /** The Pod with API defaults and admission applied. */
  pod: Pod;
  restartPolicy: RestartPolicy;
  createdAt: number;
  node?: string;
  unschedulable?: string;
  sandboxFailure?: string;
  podIP?: string;
  hostIP?: string;
  /** Sandbox generation: 0 before the first sandbox, +1 for each new one. */
  sandbox: number;
  sandboxDiedAt?: number;
  startTime?: number;
  /** Some app container was started in the current sandbox (podHasInitialized). */
  initialized: boolean;
  /** Initialized=True was reached at least once (GeneratePodInitializedCondition step 5). */
  everInitialized: boolean;
  deletion?: Deletion;
  /** status.reason / status.message: `Evicted` (kubelet eviction) or `NodeLost` (legacy profile). */
  statusReason?: { reason: string; message: string; at: number };
  disruption?: { reason: string; message: string; at: number };
  /** Phase once terminal (Succeeded/Failed), sticky. */
  terminalPhase?: 'Succeeded' | 'Failed';
  terminalAt?: number;
  gates: Record<string, { status: 'True' | 'False'; at: number }>;
  /**
   * The Pod's labels and annotations over time, oldest first, each from `since` (ms) on; absent
   * until the first `pod.metadata.updated` (then the first entry holds the values at creation).
   */
  metadataRevisions?: PodMetadataRevision[];
  containers: ContainerSlot[];
  /** Index of containers by name. */
  byName: Record<string, number>;
  /** Time of the last event applied to this Pod. */
  updatedAt: number;
}
