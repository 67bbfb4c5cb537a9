import {
  CRASHLOOP_INITIAL_MS,
  CRASHLOOP_MAX_MS,
  IMAGE_BACKOFF_INITIAL_MS,
  IMAGE_BACKOFF_MAX_MS,
  isInBackOffSince,
  isInBackOffSinceUpdate,
  nextBackoff,
} from './backoff.js';
import type { MachineRules } from './compile.js';
import { copyContainer } from './copy.js';
import { type ContainerMachineEvent, probeOf as probeKindOf } from './events.js';
import { type Refusal, refuse } from './refusal.js';
import {
  type ContainerCtx,
  type ContainerSlot,
  type ContainerStateValue,
  isStartedState,
  isStoppingState,
  isTerminatedState,
  isUpState,
  isWaitingState,
  type Termination,
} from './types.js';

const iso = (ms: number) => new Date(ms).toISOString();

/** The data of the event an action runs for: the container chart binds each action to its event type only. */
type DataOf = { [E in ContainerMachineEvent as E['type']]: E['data'] };
const dataOf = <T extends keyof DataOf>(e: ContainerMachineEvent) => e.data as DataOf[T];

/** ShouldContainerBeRestarted (pkg/kubelet/container/helpers.go) for an exited container, by role. */
export function policyRestarts(c: ContainerCtx): boolean {
  if (c.stopped) return false;
  if (c.needsRun || c.role === 'sidecar') return true;
  const failed = (c.current?.exitCode ?? 0) !== 0;
  if (c.role === 'init') return failed && c.podRestartPolicy !== 'Never';
  if (c.podRestartPolicy === 'Always') return true;
  return c.podRestartPolicy === 'OnFailure' && failed;
}

/** When the crash-loop back-off lets an exited container start again (ms), or undefined if now. */
export function restartNotBefore(c: ContainerCtx): number | undefined {
  const fin = c.current?.finishedAt;
  if (fin === undefined || c.backoff === undefined) return undefined;
  if (fin - c.backoff.lastUpdate > 2 * CRASHLOOP_MAX_MS) return undefined;
  return fin + c.backoff.delay;
}

function pullRule(c: ContainerCtx, e: ContainerMachineEvent): Refusal | undefined {
  if (c.pullPolicy === 'Never') {
    return refuse(
      'pull_never',
      'EnsureImageExists',
      `imagePullPolicy is Never: the kubelet never pulls "${c.image}" (ErrImageNeverPull when it is absent)`,
    );
  }
  if (isInBackOffSinceUpdate(c.pullBackoff, e.time)) {
    return refuse(
      'pull_backoff',
      'EnsureImageExists',
      `image pull of "${c.image}" is in back-off until ${iso(c.pullBackoff!.lastUpdate + c.pullBackoff!.delay)} (ImagePullBackOff); advance time first`,
    );
  }
  return undefined;
}

function restartRule(c: ContainerCtx, e: ContainerMachineEvent): Refusal | undefined {
  if (!policyRestarts(c)) {
    if (c.stopped)
      return refuse(
        'stopped_by_kubelet',
        'ShouldContainerBeRestarted',
        `container "${c.name}" was stopped by the kubelet and is not restarted`,
      );
    return refuse(
      'restart_policy',
      'ShouldContainerBeRestarted',
      `restartPolicy ${c.podRestartPolicy} does not restart ${c.role} container "${c.name}" after exit code ${c.current!.exitCode}`,
    );
  }
  // Only in the terminated states: `current` is the run that ended.
  const fin = c.current!.finishedAt;
  if (isInBackOffSince(c.backoff, fin, e.time, CRASHLOOP_MAX_MS)) {
    return refuse(
      'crashloop_backoff',
      'doBackOff',
      `back-off ${c.backoff!.delay / 1000}s restarting failed container "${c.name}": it may start at ${iso(fin + c.backoff!.delay)} (CrashLoopBackOff)`,
    );
  }
  return undefined;
}

type ProbeKind = 'startup' | 'readiness' | 'liveness';

function probeOf(c: ContainerCtx, kind: ProbeKind) {
  if (kind === 'startup') return c.spec.startupProbe;
  if (kind === 'readiness') return c.spec.readinessProbe;
  return c.spec.livenessProbe;
}

function probeRule(c: ContainerCtx, kind: ProbeKind): Refusal | undefined {
  if (probeOf(c, kind) === undefined)
    return refuse('no_probe', 'prober_manager.AddPod', `container "${c.name}" has no ${kind}Probe`);
  return undefined;
}

/**
 * Which probes run in a container's state (worker.doProbe): the startup probe until it passes, the
 * others only after; while the kubelet stops the container only readiness (and, for the Pod's
 * deletion, the startup and liveness workers' one quiet-shutdown Success). The chart's regions
 * hold the state, so the Pod machine checks this before stepping the container. Pure.
 * @internal
 */
export function probeStateRule(
  value: ContainerStateValue,
  c: ContainerCtx,
  e: ContainerMachineEvent,
): Refusal | undefined {
  const kind = probeKindOf(e);
  if (kind === undefined) return undefined;
  const stopping = isStoppingState(value);
  if (!stopping && !isUpState(value)) return undefined;
  const why = probeRule(c, kind);
  if (why !== undefined) return why;
  const started = isStartedState(value);
  if (stopping && kind !== 'readiness') {
    // running.stopping: a probe kill or the deletion set `kill` on the way in.
    const quiet = c.kill!.probe === undefined && e.type === 'container.probe.succeeded';
    if (!quiet || (kind === 'startup' && started) || (kind === 'liveness' && !started))
      return refuse(
        'container_stopping',
        'killContainer',
        `the kubelet is stopping "${c.name}" (${c.kill!.probe === undefined ? 'the Pod is being deleted' : `its ${c.kill!.probe} probe failed`}): only its readiness probe still runs`,
      );
  }
  if (kind === 'startup' && started)
    return refuse(
      'startup_probe_passed',
      'worker.doProbe',
      `the startup probe of "${c.name}" has already succeeded; it no longer runs`,
    );
  if (kind !== 'startup' && !started) {
    return refuse(
      'startup_probe_pending',
      'worker.doProbe',
      `the ${kind} probe of "${c.name}" does not run until its startup probe succeeds`,
    );
  }
  return undefined;
}

// Branches a guard does not take (never shown: a later candidate explains a refusal).
const OTHER_PROBE = refuse('branch_not_taken', 'worker.doProbe', 'another probe');
const HAS_PROBE = refuse('branch_not_taken', 'prober_manager.AddPod', 'the probe runs');
const PRESTOP_TO_RUN = refuse('branch_not_taken', 'executePreStopHook', 'the preStop hook runs first');
const NO_BACKOFF = refuse('branch_not_taken', 'doBackOff', 'no crash-loop back-off runs');
const BELOW_THRESHOLD = refuse('branch_not_taken', 'worker.doProbe', 'below failureThreshold');
const NOT_PULLED = refuse('branch_not_taken', 'EnsureImageExists', 'no pull for this start');
// After a probe kill the startup and liveness workers are on hold (the Pod explains it: probeStateRule).
const ON_HOLD = refuse('branch_not_taken', 'killContainer', 'on hold after a probe kill');

function probeKills(c: ContainerCtx, kind: 'startup' | 'liveness'): Refusal | undefined {
  const why = probeRule(c, kind);
  if (why !== undefined) return why;
  const threshold = probeOf(c, kind)?.failureThreshold ?? 3;
  const failures = (kind === 'startup' ? c.startupFailures : c.livenessFailures) + 1;
  return failures >= threshold ? undefined : BELOW_THRESHOLD;
}

/**
 * worker.doProbe once the Pod is being deleted: the startup or liveness worker sets Success once and
 * stops (quiet shutdown); after a probe kill it is on hold, and only the readiness probe still runs.
 */
function quietShutdown(
  c: ContainerCtx,
  e: ContainerMachineEvent,
  kind: 'startup' | 'liveness',
): Refusal | undefined {
  if (probeKindOf(e) !== kind) return OTHER_PROBE;
  const why = probeRule(c, kind);
  // Only in running.stopping, where `kill` is set.
  if (why !== undefined || c.kill!.probe === undefined) return why;
  return ON_HOLD;
}

/**
 * killContainer's grace for a probe kill (setTerminationGracePeriod): the probe's own, else the Pod's. Pure.
 * @internal
 */
export function probeKillGraceSeconds(c: ContainerCtx, probe: 'liveness' | 'startup'): number {
  // A probe kill: the container has that probe.
  const own = (probe === 'startup' ? c.spec.startupProbe : c.spec.livenessProbe)!
    .terminationGracePeriodSeconds;
  return own ?? c.podGraceSeconds;
}

/**
 * The run a kill by the kubelet ends (a failed postStart hook, the Pod's containers stopped or
 * their sandbox gone): exit code 137, reason Error. Every Termination has exit's keys in exit's
 * order (absent ones undefined), so all of them share one hidden class.
 * @internal
 */
export function killedRun(c: ContainerCtx, now: number): Termination {
  return {
    exitCode: 137,
    signal: undefined,
    reason: 'Error',
    message: undefined,
    startedAt: c.startedAt ?? now,
    finishedAt: now,
    containerID: c.containerID,
  };
}

/** The postStart hook failed: the kubelet killed the container at once (startContainer). */
function kill(c: ContainerCtx, now: number): ContainerCtx {
  return set(c, (n) => {
    n.current = killedRun(c, now);
  });
}

/** A changed copy of a container context (the original is never modified). */
function set(c: ContainerCtx, change: (n: ContainerCtx) => void): ContainerCtx {
  const n = copyContainer(c);
  change(n);
  return n;
}

const alreadyCreated = (c: ContainerCtx) =>
  refuse('already_created', 'startContainer', `container "${c.name}" was already created`);
// Only picks the postStart branch of container.started; a later branch explains a refusal.
const NO_POST_START = refuse('branch_not_taken', 'startContainer', 'no postStart hook');
const KILLS = refuse('branch_not_taken', 'worker.doProbe', 'at failureThreshold: the kubelet kills it');

/**
 * The grace of a kill for the Pod's deletion (killContainer: the deletion's grace, which
 * CheckGracefulDelete computed and the Pod machine sends), and the shorter of it and a probe kill's
 * deadline when one runs already. Pure.
 */
function deletionKill(c: ContainerCtx, e: ContainerMachineEvent) {
  const grace = dataOf<'pod.deletion.requested'>(e).gracePeriodSeconds;
  const deadline = e.time + (grace ?? c.podGraceSeconds) * 1000;
  if (c.kill !== undefined && c.kill.deadline <= deadline) return c.kill;
  return { probe: c.kill?.probe, deadline };
}

/** The container machine's guards and actions (pure), shared by XState and the compiled table. */
export const containerRules = {
  guards: {
    pullAllowed: (c, e) => pullRule(c, e),
    restartPullAllowed: (c, e) => (policyRestarts(c) ? pullRule(c, e) : restartRule(c, e)),
    // Only in state `created`: the runtime already holds a created instance.
    notCreated: (c) => alreadyCreated(c),
    restartCreateAllowed: (c, e) => restartRule(c, e),
    hasPostStart: (c) => (c.spec.lifecycle?.postStart ? undefined : NO_POST_START),
    restartAllowedWithPostStart: (c, e) =>
      restartRule(c, e) ?? (c.spec.lifecycle?.postStart ? undefined : NO_POST_START),
    restartAllowed: (c, e) => restartRule(c, e),
    // The image pulled for this start is still there: leaving createContainerConfigError goes back
    // to imagePulled rather than to the state before the pull.
    pulledForStart: (c) => (c.pulled ? undefined : NOT_PULLED),
    noStartupProbe: (c) => (c.spec.startupProbe === undefined ? undefined : HAS_PROBE),
    noReadinessProbe: (c) => (c.spec.readinessProbe === undefined ? undefined : HAS_PROBE),
    startupProbeApplies: (c, e) => (probeKindOf(e) === 'startup' ? probeRule(c, 'startup') : OTHER_PROBE),
    startupProbeKills: (c, e) => (probeKindOf(e) === 'startup' ? probeKills(c, 'startup') : OTHER_PROBE),
    // worker.doProbe on deletion: the startup worker sets Success once and stops (quiet shutdown).
    startupQuietShutdown: (c, e) => quietShutdown(c, e, 'startup'),
    livenessProbeApplies: (c, e) => (probeKindOf(e) === 'liveness' ? probeRule(c, 'liveness') : OTHER_PROBE),
    // A liveness failure below failureThreshold only counts; at the threshold a readiness leaf's
    // livenessProbeKills takes it (one enabled transition per event, as XState's parallel regions need).
    livenessProbeCounts: (c, e) =>
      probeKindOf(e) !== 'liveness'
        ? OTHER_PROBE
        : (probeRule(c, 'liveness') ?? (probeKills(c, 'liveness') === undefined ? KILLS : undefined)),
    livenessProbeKills: (c, e) => (probeKindOf(e) === 'liveness' ? probeKills(c, 'liveness') : OTHER_PROBE),
    readinessProbeCounts: (c, e) =>
      probeKindOf(e) === 'readiness' ? probeRule(c, 'readiness') : OTHER_PROBE,
    // worker.doProbe → resultsManager: the result flips only after successThreshold successes or
    // failureThreshold failures in a row.
    readinessTurnsReady: (c, e) =>
      probeKindOf(e) !== 'readiness'
        ? OTHER_PROBE
        : (probeRule(c, 'readiness') ??
          (c.readySuccesses + 1 >= (c.spec.readinessProbe!.successThreshold ?? 1)
            ? undefined
            : BELOW_THRESHOLD)),
    readinessTurnsNotReady: (c, e) =>
      probeKindOf(e) !== 'readiness'
        ? OTHER_PROBE
        : (probeRule(c, 'readiness') ??
          (c.readyFailures + 1 >= (c.spec.readinessProbe!.failureThreshold ?? 3)
            ? undefined
            : BELOW_THRESHOLD)),
    // worker.doProbe: once the Pod is being deleted, the liveness worker sets Success once and
    // stops (quiet shutdown); after a probe kill it is on hold. Other probe events in
    // running.stopping are the readiness region's, or refused by the Pod (probeStateRule).
    livenessQuietShutdown: (c, e) => quietShutdown(c, e, 'liveness'),
    noPreStopToRun: (c) => (c.spec.lifecycle?.preStop === undefined ? undefined : PRESTOP_TO_RUN),
    restartInBackOff: (c) =>
      policyRestarts(c) && restartNotBefore(c) !== undefined ? undefined : NO_BACKOFF,
    // Only in state sigtermSent: the hook is absent or has completed.
    preStopPending: (c) =>
      c.spec.lifecycle?.preStop === undefined
        ? refuse('no_prestop_hook', 'executePreStopHook', `container "${c.name}" has no preStop hook`)
        : refuse(
            'prestop_done',
            'executePreStopHook',
            `the preStop hook of "${c.name}" has already completed`,
          ),
  },
  actions: {
    pulled: (c, e) =>
      set(c, (n) => {
        n.pulled = true;
        n.pullError = undefined;
        n.imageID = dataOf<'container.image.pulled'>(e).imageID ?? c.imageID;
      }),
    pullFailed: (c, e) =>
      set(c, (n) => {
        n.pullError =
          dataOf<'container.image.pull.failed'>(e).message ?? `failed to pull and unpack image "${c.image}"`;
        n.pullFailedAt = e.time;
        n.pullBackoff = nextBackoff(
          c.pullBackoff,
          e.time,
          e.time,
          IMAGE_BACKOFF_INITIAL_MS,
          IMAGE_BACKOFF_MAX_MS,
        );
      }),
    start: (c, e) =>
      set(c, (n) => {
        const restart = c.runs > 0;
        const fin = c.current?.finishedAt ?? e.time;
        n.runs = c.runs + 1;
        if (restart) {
          n.restartCount = c.restartCount + 1;
          n.last = c.current ?? c.last;
          n.backoff = nextBackoff(c.backoff, fin, e.time, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS);
        }
        n.current = undefined;
        n.startedAt = e.time;
        n.containerID = dataOf<'container.started'>(e).containerID;
        n.pulled = false;
        n.pullError = undefined;
        n.startError = undefined;
        n.configError = undefined;
        n.startupFailures = 0;
        n.readySuccesses = 0;
        n.readyFailures = 0;
        n.livenessFailures = 0;
        n.kill = undefined;
        n.needsRun = false;
      }),
    exit: (c, e) => {
      const data = dataOf<'container.exited'>(e);
      return set(c, (n) => {
        n.current = {
          exitCode: data.exitCode,
          signal: data.signal,
          reason: data.reason ?? (data.exitCode === 0 ? 'Completed' : 'Error'),
          message: data.message,
          startedAt: c.startedAt ?? e.time,
          finishedAt: e.time,
          containerID: c.containerID,
        };
        n.kill = undefined;
      });
    },
    postStartFailed: (c, e) =>
      set(kill(c, e.time), (n) => {
        const message = dataOf<'container.poststart.failed'>(e).message;
        n.startError = { reason: 'PostStartHookError', message: message ?? 'PostStartHook failed' };
      }),
    probeSucceeded: (c, e) => {
      const kind = probeKindOf(e);
      // Another success that changes nothing keeps the context: replay allocates nothing for it.
      if (kind === 'liveness' && c.livenessFailures === 0) return c;
      // (A readiness failure sets readySuccesses to 0, so readySuccesses at successThreshold,
      // at least 1, means no failure is counted.)
      if (kind === 'readiness' && c.readySuccesses >= (c.spec.readinessProbe!.successThreshold ?? 1))
        return c;
      return set(c, (n) => {
        if (kind === 'startup') {
          n.startupFailures = 0;
        } else if (kind === 'liveness') {
          n.livenessFailures = 0;
        } else {
          n.readySuccesses = c.readySuccesses + 1;
          n.readyFailures = 0;
        }
      });
    },
    probeFailed: (c, e) =>
      set(c, (n) => {
        const kind = probeKindOf(e);
        if (kind === 'startup') n.startupFailures = c.startupFailures + 1;
        else if (kind === 'liveness') n.livenessFailures = c.livenessFailures + 1;
        else {
          n.readySuccesses = 0;
          n.readyFailures = c.readyFailures + 1;
        }
      }),
    probeKill: (c, e) => {
      // Only for a startup or liveness failure at its failureThreshold (startupProbeKills, livenessProbeKills).
      const probe = probeKindOf(e) as 'startup' | 'liveness';
      return set(c, (n) => {
        if (probe === 'startup') n.startupFailures = c.startupFailures + 1;
        else n.livenessFailures = c.livenessFailures + 1;
        n.kill = { probe, deadline: e.time + probeKillGraceSeconds(c, probe) * 1000 };
        // A liveness probe runs only once the startup probe passed: the container had started.
        if (probe === 'liveness') n.livenessKilledInSandbox = c.sandbox;
      });
    },
    // startContainer → generateContainerConfig failed (ErrCreateContainerConfig): the kubelet's
    // reason cache holds CreateContainerConfigError with makeEnvironmentVariables' message.
    configFailed: (c, e) => {
      const message = dataOf<'sync.config.failed'>(e).message;
      if (message === c.configError) return c;
      return set(c, (n) => {
        n.configError = message;
      });
    },
    // A restart attempt that fails the same way: doBackOff, which runs before startContainer,
    // has already counted it (backOff.Next keyed by the container, from its last finishedAt).
    restartConfigFailed: (c, e) =>
      set(c, (n) => {
        n.configError = dataOf<'sync.config.failed'>(e).message;
        // From terminated.exited or crashLoopBackOff: `current` is the run that ended.
        const fin = c.current!.finishedAt;
        n.backoff = nextBackoff(c.backoff, fin, e.time, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS);
      }),
    // A restart attempt whose start failed before generateContainerConfig (EnsureImageExists:
    // ErrImageNeverPull): doBackOff ran before startContainer and counted it.
    restartAttemptFailed: (c, e) =>
      set(c, (n) => {
        const fin = c.current!.finishedAt;
        n.backoff = nextBackoff(c.backoff, fin, e.time, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS);
      }),
    // The next sync resolves the config (or the Pod is being deleted): the cache entry goes.
    // Only in createContainerConfigError, entered with its message (configFailed, restartConfigFailed).
    configResolved: (c) =>
      set(c, (n) => {
        n.configError = undefined;
      }),
    stopForDeletion: (c, e) => {
      const k = deletionKill(c, e);
      if (k === c.kill) return c;
      return set(c, (n) => {
        n.kill = k;
      });
    },
  },
} satisfies MachineRules<ContainerCtx, ContainerMachineEvent, unknown>;

/**
 * The state of a container whose run has ended, after the Pod changed what it decides (the kubelet
 * stopped it, its sandbox died): CrashLoopBackOff while its restart is held back, else exited. Pure.
 */
export function restingTerminated(c: ContainerCtx): ContainerStateValue {
  return policyRestarts(c) && restartNotBefore(c) !== undefined
    ? 'terminated.crashLoopBackOff'
    : 'terminated.exited';
}

/** The state of a container that shares another's pull outcome (see {@link sharePullOutcome}). */
function sharedPullState(value: ContainerStateValue, c: ContainerCtx): ContainerStateValue {
  if (value === 'waiting.pullingImage' || value === 'terminated.pullingImage') return value;
  if (value === 'waiting.created' || value === 'terminated.created') return value;
  const waiting = isWaitingState(value);
  if (c.pullError !== undefined) return waiting ? 'waiting.imagePullBackOff' : 'terminated.imagePullBackOff';
  if (value === 'waiting.imagePullBackOff' || value === 'waiting.errImagePull') return 'waiting.forTurn';
  if (value === 'terminated.imagePullBackOff' || value === 'terminated.errImagePull')
    return restingTerminated(c);
  return value;
}

/**
 * The kubelet's next sync after a failed pull (SyncPod → EnsureImageExists): the back-off keyed by
 * Pod and image is in force, so a container whose own pull failed (errImagePull) now shows
 * ImagePullBackOff. Returns the changed containers, or the same array when none waited in
 * errImagePull from before the time of `at` (an event). Pure.
 * @internal
 */
export function showPullBackOff(containers: ContainerSlot[], at: { readonly time: number }): ContainerSlot[] {
  let out = containers;
  for (let j = 0; j < containers.length; j++) {
    const s = containers[j]!;
    if (!s.value.endsWith('.errImagePull')) continue;
    // The event's time is read only here: the engine's no-op memo knows a step that never gets
    // this far did not depend on it.
    const now = at.time;
    if ((s.ctx.pullFailedAt ?? now) >= now) continue;
    if (out === containers) out = containers.slice();
    out[j] = {
      value: isWaitingState(s.value) ? 'waiting.imagePullBackOff' : 'terminated.imagePullBackOff',
      ctx: s.ctx,
    };
  }
  return out;
}

/**
 * pullImage (image_manager.go) keys the pull back-off by `<podUID>_<image>`: a failed pull puts
 * every container of the Pod that uses the same image and still needs it into the same back-off
 * (with the same last error; state imagePullBackOff), and a successful pull clears their error.
 * Returns the changed containers, or the same array when no other container shares the image. Pure.
 * @internal
 */
export function sharePullOutcome(containers: ContainerSlot[], i: number): ContainerSlot[] {
  const src = containers[i]!.ctx;
  let out = containers;
  for (let j = 0; j < containers.length; j++) {
    const s = containers[j]!;
    if (
      j === i ||
      s.ctx.image !== src.image ||
      s.ctx.pulled ||
      !(isWaitingState(s.value) || isTerminatedState(s.value))
    )
      continue;
    const n = copyContainer(s.ctx);
    n.pullBackoff = src.pullBackoff;
    n.pullError = src.pullError;
    // This container made no pull of its own: it shows ImagePullBackOff, never ErrImagePull.
    n.pullFailedAt = undefined;
    if (out === containers) out = containers.slice();
    out[j] = { value: sharedPullState(s.value, n), ctx: n };
  }
  return out;
}
