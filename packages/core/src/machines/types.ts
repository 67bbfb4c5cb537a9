import type { Container, Pod, PullPolicy, RestartPolicy } from '../manifest/types.js';

/** The two regions of a running container past postStart: its startup probe and its readiness. */
export type ContainerUpValue =
  `running.up.startup.${'pending' | 'passed'} | running.up.readiness.${'unknown' | 'ready' | 'notReady'}`;

/**
 * Where a container is in its lifecycle: a configuration of the container machine, as
 * `stateKey` writes XState's state value (parallel regions joined by ` | `).
 */
export type ContainerStateValue =
  | `waiting.${'forTurn' | 'pullingImage' | 'imagePullBackOff' | 'imagePulled' | 'created'}`
  | 'running.postStart'
  | ContainerUpValue
  | `running.stopping.${'preStop' | 'sigtermSent'}`
  | `terminated.${'exited' | 'crashLoopBackOff' | 'pullingImage' | 'imagePullBackOff' | 'imagePulled' | 'created'}`;

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
/** Being stopped by the kubelet after a failed liveness or startup probe (state `running.stopping`). Pure. */
export const isStoppingState = (value: ContainerStateValue): boolean => value.startsWith('running.stopping');

/** A kill the kubelet started for a failed liveness or startup probe (killContainer): SIGTERM sent, SIGKILL at `deadline`. */
export interface ProbeKill {
  probe: 'liveness' | 'startup';
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
  pulling: boolean;
  pullError?: string;
  pullFailedAt?: number;
  pullBackoff?: BackoffEntry;
  backoff?: BackoffEntry;
  startError?: StartError;
  created: boolean;
  /** Startup probe passed (or none): `started` in the API. */
  startupOk: boolean;
  /** Readiness probe passing (or none). */
  readyOk: boolean;
  startupFailures: number;
  readySuccesses: number;
  readyFailures: number;
  livenessFailures: number;
  preStopDone: boolean;
  /** The Pod's terminationGracePeriodSeconds (default 30): the grace of a probe kill without its own. */
  podGraceSeconds: number;
  /** Set while the kubelet stops the container after a probe failure (state running.stopping). */
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

/** Deletion requested through the API (CheckGracefulDelete). */
export interface Deletion {
  requestedAt: number;
  gracePeriodSeconds: number;
  /** deletionTimestamp, ms. */
  deadline: number;
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
