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
import type { MachineEvent } from './events.js';
import type { ContainerCtx, Termination } from './types.js';

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

function pullRule(c: ContainerCtx, e: MachineEvent): string | undefined {
  if (c.pullPolicy === 'Never') {
    return `imagePullPolicy is Never: the kubelet never pulls "${c.image}" (ErrImageNeverPull when it is absent)`;
  }
  if (isInBackOffSinceUpdate(c.pullBackoff, e.time)) {
    return `image pull of "${c.image}" is in back-off until ${iso(c.pullBackoff!.lastUpdate + c.pullBackoff!.delay)} (ImagePullBackOff); advance time first`;
  }
  return undefined;
}

function restartRule(c: ContainerCtx, e: MachineEvent): string | undefined {
  if (!policyRestarts(c)) {
    if (c.stopped) return `container "${c.name}" was stopped by the kubelet and is not restarted`;
    return `restartPolicy ${c.podRestartPolicy} does not restart ${c.role} container "${c.name}" after exit code ${c.current?.exitCode}`;
  }
  const fin = c.current?.finishedAt ?? e.time;
  if (isInBackOffSince(c.backoff, fin, e.time, CRASHLOOP_MAX_MS)) {
    return `back-off ${c.backoff!.delay / 1000}s restarting failed container "${c.name}": it may start at ${iso(fin + c.backoff!.delay)} (CrashLoopBackOff)`;
  }
  return undefined;
}

function probeOf(c: ContainerCtx, kind: string) {
  if (kind === 'startup') return c.spec.startupProbe;
  if (kind === 'readiness') return c.spec.readinessProbe;
  return c.spec.livenessProbe;
}

function probeRule(c: ContainerCtx, e: MachineEvent): string | undefined {
  const kind = e.data.probe as string;
  if (probeOf(c, kind) === undefined) return `container "${c.name}" has no ${kind}Probe`;
  if (kind === 'startup' && c.startupOk)
    return `the startup probe of "${c.name}" has already succeeded; it no longer runs`;
  if (kind !== 'startup' && !c.startupOk) {
    return `the ${kind} probe of "${c.name}" does not run until its startup probe succeeds`;
  }
  return undefined;
}

function probeKills(c: ContainerCtx, e: MachineEvent): string | undefined {
  const why = probeRule(c, e);
  if (why !== undefined) return why;
  const kind = e.data.probe as string;
  if (kind === 'readiness') return 'readiness failures never kill';
  const threshold = probeOf(c, kind)?.failureThreshold ?? 3;
  const failures = (kind === 'startup' ? c.startupFailures : c.livenessFailures) + 1;
  return failures >= threshold ? undefined : 'below failureThreshold';
}

function kill(c: ContainerCtx, now: number, extra: Partial<ContainerCtx> = {}): ContainerCtx {
  const current: Termination = {
    exitCode: 137,
    reason: 'Error',
    startedAt: c.startedAt ?? now,
    finishedAt: now,
    containerID: c.containerID,
  };
  return { ...c, current, startupOk: false, readyOk: false, ...extra };
}

/** The container machine's guards and actions (pure), shared by XState and the compiled table. */
export const containerRules = {
  guards: {
    pullAllowed: (c, e) => pullRule(c, e),
    restartPullAllowed: (c, e) => (policyRestarts(c) ? pullRule(c, e) : restartRule(c, e)),
    notCreated: (c) => (c.created ? `container "${c.name}" was already created` : undefined),
    restartCreateAllowed: (c, e) =>
      c.created ? `container "${c.name}" was already created` : restartRule(c, e),
    hasPostStart: (c) => (c.spec.lifecycle?.postStart ? undefined : 'no postStart hook'),
    restartAllowedWithPostStart: (c, e) =>
      restartRule(c, e) ?? (c.spec.lifecycle?.postStart ? undefined : 'no hook'),
    restartAllowed: (c, e) => restartRule(c, e),
    probeApplies: (c, e) => probeRule(c, e),
    probeKills: (c, e) => probeKills(c, e),
    preStopPending: (c) =>
      c.spec.lifecycle?.preStop === undefined
        ? `container "${c.name}" has no preStop hook`
        : c.preStopDone
          ? `the preStop hook of "${c.name}" has already completed`
          : undefined,
  },
  actions: {
    pulling: (c) => ({ ...c, pulling: true }),
    pulled: (c, e) => ({
      ...c,
      pulling: false,
      pulled: true,
      pullError: undefined,
      imageID: e.data.imageID ?? c.imageID,
    }),
    pullFailed: (c, e) => ({
      ...c,
      pulling: false,
      pullError: e.data.message ?? `failed to pull and unpack image "${c.image}"`,
      pullFailedAt: e.time,
      pullBackoff: nextBackoff(c.pullBackoff, e.time, e.time, IMAGE_BACKOFF_INITIAL_MS, IMAGE_BACKOFF_MAX_MS),
    }),
    created: (c) => ({ ...c, created: true }),
    start: (c, e) => {
      const restart = c.runs > 0;
      const fin = c.current?.finishedAt ?? e.time;
      return {
        ...c,
        runs: c.runs + 1,
        restartCount: restart ? c.restartCount + 1 : c.restartCount,
        last: restart ? (c.current ?? c.last) : c.last,
        backoff: restart
          ? nextBackoff(c.backoff, fin, e.time, CRASHLOOP_INITIAL_MS, CRASHLOOP_MAX_MS)
          : c.backoff,
        current: undefined,
        startedAt: e.time,
        containerID: e.data.containerID,
        created: false,
        pulled: false,
        pulling: false,
        pullError: undefined,
        startError: undefined,
        startupOk: c.spec.startupProbe === undefined,
        readyOk: c.spec.readinessProbe === undefined,
        startupFailures: 0,
        readySuccesses: 0,
        readyFailures: 0,
        livenessFailures: 0,
        preStopDone: false,
        needsRun: false,
      };
    },
    exit: (c, e) => ({
      ...c,
      current: {
        exitCode: e.data.exitCode,
        signal: e.data.signal,
        reason: e.data.reason ?? (e.data.exitCode === 0 ? 'Completed' : 'Error'),
        message: e.data.message,
        startedAt: c.startedAt ?? e.time,
        finishedAt: e.time,
        containerID: c.containerID,
      },
      startupOk: false,
      readyOk: false,
    }),
    postStartFailed: (c, e) =>
      kill(c, e.time, {
        startError: { reason: 'PostStartHookError', message: e.data.message ?? 'PostStartHook failed' },
      }),
    probeSucceeded: (c, e) => {
      const kind = e.data.probe as string;
      if (kind === 'startup') return { ...c, startupOk: true, startupFailures: 0 };
      if (kind === 'liveness') return { ...c, livenessFailures: 0 };
      const successes = c.readySuccesses + 1;
      const threshold = c.spec.readinessProbe?.successThreshold ?? 1;
      return {
        ...c,
        readySuccesses: successes,
        readyFailures: 0,
        readyOk: c.readyOk || successes >= threshold,
      };
    },
    probeFailed: (c, e) => {
      const kind = e.data.probe as string;
      if (kind === 'startup') return { ...c, startupFailures: c.startupFailures + 1 };
      if (kind === 'liveness') return { ...c, livenessFailures: c.livenessFailures + 1 };
      const failures = c.readyFailures + 1;
      const threshold = c.spec.readinessProbe?.failureThreshold ?? 3;
      return { ...c, readySuccesses: 0, readyFailures: failures, readyOk: c.readyOk && failures < threshold };
    },
    probeKill: (c, e) => kill(c, e.time),
    preStopDone: (c) => ({ ...c, preStopDone: true }),
  },
} satisfies MachineRules<ContainerCtx, MachineEvent, unknown>;
