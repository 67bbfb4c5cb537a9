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
import { type ContainerEvent, probeOf as probeKindOf } from './events.js';
import { type Refusal, refuse } from './refusal.js';
import {
  type ContainerCtx,
  type ContainerSlot,
  type ContainerStateValue,
  isTerminatedState,
  isWaitingState,
} from './types.js';

const iso = (ms: number) => new Date(ms).toISOString();

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

function pullRule(c: ContainerCtx, e: ContainerEvent): Refusal | undefined {
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

function restartRule(c: ContainerCtx, e: ContainerEvent): Refusal | undefined {
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
      `restartPolicy ${c.podRestartPolicy} does not restart ${c.role} container "${c.name}" after exit code ${c.current?.exitCode}`,
    );
  }
  const fin = c.current?.finishedAt ?? e.time;
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
  if (kind === 'startup' && c.startupOk)
    return refuse(
      'startup_probe_passed',
      'worker.doProbe',
      `the startup probe of "${c.name}" has already succeeded; it no longer runs`,
    );
  if (kind !== 'startup' && !c.startupOk) {
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

function probeKills(c: ContainerCtx, kind: 'startup' | 'liveness'): Refusal | undefined {
  const why = probeRule(c, kind);
  if (why !== undefined) return why;
  const threshold = probeOf(c, kind)?.failureThreshold ?? 3;
  const failures = (kind === 'startup' ? c.startupFailures : c.livenessFailures) + 1;
  return failures >= threshold ? undefined : BELOW_THRESHOLD;
}

/**
 * killContainer's grace for a probe kill (setTerminationGracePeriod): the probe's own, else the Pod's. Pure.
 * @internal
 */
export function probeKillGraceSeconds(c: ContainerCtx, probe: 'liveness' | 'startup'): number {
  const own = (probe === 'startup' ? c.spec.startupProbe : c.spec.livenessProbe)
    ?.terminationGracePeriodSeconds;
  return own ?? c.podGraceSeconds;
}

/** The postStart hook failed: the kubelet killed the container at once (startContainer). */
function kill(c: ContainerCtx, now: number): ContainerCtx {
  return set(c, (n) => {
    n.current = {
      exitCode: 137,
      reason: 'Error',
      startedAt: c.startedAt ?? now,
      finishedAt: now,
      containerID: c.containerID,
    };
    n.startupOk = false;
    n.readyOk = false;
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

/** The container machine's guards and actions (pure), shared by XState and the compiled table. */
export const containerRules = {
  guards: {
    pullAllowed: (c, e) => pullRule(c, e),
    restartPullAllowed: (c, e) => (policyRestarts(c) ? pullRule(c, e) : restartRule(c, e)),
    notCreated: (c) => (c.created ? alreadyCreated(c) : undefined),
    restartCreateAllowed: (c, e) => (c.created ? alreadyCreated(c) : restartRule(c, e)),
    hasPostStart: (c) => (c.spec.lifecycle?.postStart ? undefined : NO_POST_START),
    restartAllowedWithPostStart: (c, e) =>
      restartRule(c, e) ?? (c.spec.lifecycle?.postStart ? undefined : NO_POST_START),
    restartAllowed: (c, e) => restartRule(c, e),
    noStartupProbe: (c) => (c.spec.startupProbe === undefined ? undefined : HAS_PROBE),
    noReadinessProbe: (c) => (c.spec.readinessProbe === undefined ? undefined : HAS_PROBE),
    startupProbeApplies: (c, e) => (probeKindOf(e) === 'startup' ? probeRule(c, 'startup') : OTHER_PROBE),
    startupProbeKills: (c, e) => (probeKindOf(e) === 'startup' ? probeKills(c, 'startup') : OTHER_PROBE),
    livenessProbeApplies: (c, e) => {
      const kind = probeKindOf(e);
      if (kind === undefined) return OTHER_PROBE;
      return probeRule(c, kind) ?? (kind === 'liveness' ? undefined : OTHER_PROBE);
    },
    livenessProbeKills: (c, e) => (probeKindOf(e) === 'liveness' ? probeKills(c, 'liveness') : OTHER_PROBE),
    readinessProbeCounts: (c, e) =>
      probeKindOf(e) === 'readiness' ? probeRule(c, 'readiness') : OTHER_PROBE,
    // worker.doProbe → resultsManager: the result flips only after successThreshold successes or
    // failureThreshold failures in a row.
    readinessTurnsReady: (c, e) =>
      probeKindOf(e) !== 'readiness'
        ? OTHER_PROBE
        : (probeRule(c, 'readiness') ??
          (c.readySuccesses + 1 >= (c.spec.readinessProbe?.successThreshold ?? 1)
            ? undefined
            : BELOW_THRESHOLD)),
    readinessTurnsNotReady: (c, e) =>
      probeKindOf(e) !== 'readiness'
        ? OTHER_PROBE
        : (probeRule(c, 'readiness') ??
          (c.readyFailures + 1 >= (c.spec.readinessProbe?.failureThreshold ?? 3)
            ? undefined
            : BELOW_THRESHOLD)),
    readinessProbeApplies: (c, e) =>
      probeKindOf(e) === 'readiness'
        ? probeRule(c, 'readiness')
        : refuse(
            'container_stopping',
            'killContainer',
            `the kubelet is stopping "${c.name}" after its ${c.kill?.probe} probe failed: only its readiness probe still runs`,
          ),
    noPreStopToRun: (c) =>
      c.spec.lifecycle?.preStop === undefined || c.preStopDone ? undefined : PRESTOP_TO_RUN,
    restartInBackOff: (c) =>
      policyRestarts(c) && restartNotBefore(c) !== undefined ? undefined : NO_BACKOFF,
    preStopPending: (c) =>
      c.spec.lifecycle?.preStop === undefined
        ? refuse('no_prestop_hook', 'executePreStopHook', `container "${c.name}" has no preStop hook`)
        : c.preStopDone
          ? refuse(
              'prestop_done',
              'executePreStopHook',
              `the preStop hook of "${c.name}" has already completed`,
            )
          : undefined,
  },
  actions: {
    pulling: (c) =>
      set(c, (n) => {
        n.pulling = true;
      }),
    pulled: (c, e) =>
      set(c, (n) => {
        n.pulling = false;
        n.pulled = true;
        n.pullError = undefined;
        n.imageID = (e.type === 'container.image.pulled' ? e.data.imageID : undefined) ?? c.imageID;
      }),
    pullFailed: (c, e) =>
      set(c, (n) => {
        n.pulling = false;
        n.pullError =
          (e.type === 'container.image.pull.failed' ? e.data.message : undefined) ??
          `failed to pull and unpack image "${c.image}"`;
        n.pullFailedAt = e.time;
        n.pullBackoff = nextBackoff(
          c.pullBackoff,
          e.time,
          e.time,
          IMAGE_BACKOFF_INITIAL_MS,
          IMAGE_BACKOFF_MAX_MS,
        );
      }),
    created: (c) =>
      set(c, (n) => {
        n.created = true;
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
        n.containerID = e.type === 'container.started' ? e.data.containerID : undefined;
        n.created = false;
        n.pulled = false;
        n.pulling = false;
        n.pullError = undefined;
        n.startError = undefined;
        n.startupOk = c.spec.startupProbe === undefined;
        n.readyOk = c.spec.readinessProbe === undefined;
        n.startupFailures = 0;
        n.readySuccesses = 0;
        n.readyFailures = 0;
        n.livenessFailures = 0;
        n.preStopDone = false;
        n.kill = undefined;
        n.needsRun = false;
      }),
    exit: (c, e) => {
      if (e.type !== 'container.exited') return c;
      return set(c, (n) => {
        n.current = {
          exitCode: e.data.exitCode,
          signal: e.data.signal,
          reason: e.data.reason ?? (e.data.exitCode === 0 ? 'Completed' : 'Error'),
          message: e.data.message,
          startedAt: c.startedAt ?? e.time,
          finishedAt: e.time,
          containerID: c.containerID,
        };
        n.startupOk = false;
        n.readyOk = false;
        n.kill = undefined;
      });
    },
    postStartFailed: (c, e) =>
      set(kill(c, e.time), (n) => {
        const message = e.type === 'container.poststart.failed' ? e.data.message : undefined;
        n.startError = { reason: 'PostStartHookError', message: message ?? 'PostStartHook failed' };
      }),
    probeSucceeded: (c, e) => {
      const kind = probeKindOf(e);
      // Another success that changes nothing keeps the context: replay allocates nothing for it.
      if (kind === 'liveness' && c.livenessFailures === 0) return c;
      if (kind === 'readiness' && c.readyOk && c.readyFailures === 0) return c;
      return set(c, (n) => {
        if (kind === 'startup') {
          n.startupOk = true;
          n.startupFailures = 0;
        } else if (kind === 'liveness') {
          n.livenessFailures = 0;
        } else if (kind === 'readiness') {
          n.readySuccesses = c.readySuccesses + 1;
          n.readyFailures = 0;
          n.readyOk = c.readyOk || n.readySuccesses >= (c.spec.readinessProbe?.successThreshold ?? 1);
        }
      });
    },
    probeFailed: (c, e) =>
      set(c, (n) => {
        const kind = probeKindOf(e);
        if (kind === 'startup') n.startupFailures = c.startupFailures + 1;
        else if (kind === 'liveness') n.livenessFailures = c.livenessFailures + 1;
        else if (kind === 'readiness') {
          n.readySuccesses = 0;
          n.readyFailures = c.readyFailures + 1;
          n.readyOk = c.readyOk && n.readyFailures < (c.spec.readinessProbe?.failureThreshold ?? 3);
        }
      }),
    probeKill: (c, e) => {
      const probe = probeKindOf(e);
      if (probe !== 'startup' && probe !== 'liveness') return c;
      return set(c, (n) => {
        if (probe === 'startup') n.startupFailures = c.startupFailures + 1;
        else n.livenessFailures = c.livenessFailures + 1;
        n.kill = { probe, deadline: e.time + probeKillGraceSeconds(c, probe) * 1000 };
        if (probe === 'liveness' && c.startupOk) n.livenessKilledInSandbox = c.sandbox;
      });
    },
    preStopDone: (c) =>
      set(c, (n) => {
        n.preStopDone = true;
      }),
  },
} satisfies MachineRules<ContainerCtx, ContainerEvent, unknown>;

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
  if (value === 'waiting.imagePullBackOff') return 'waiting.forTurn';
  if (value === 'terminated.imagePullBackOff') return restingTerminated(c);
  return value;
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
