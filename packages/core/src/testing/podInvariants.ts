import type { PodState } from '../engine/types.js';
import {
  type ContainerSlot,
  isStartedState,
  isStoppingState,
  isTerminatedState,
  isUpState,
  type Termination,
} from '../machines/types.js';
import {
  isRunning,
  PodMemos,
  removes,
  runChecker,
  type StepChecker,
  slotNamed,
  type Violation,
} from './invariantModel.js';
import type { Trace, TraceStep } from './trace.js';

type Checker = (trace: Trace) => Violation[];
const slots = (p: PodState | undefined): ContainerSlot[] => p?.ctx.containers ?? [];

/** A Pod's sandbox bookkeeping (I3, I4, I8), rebuilt from the trace's events. */
interface Sandbox {
  gen: number;
  alive: boolean;
  ip: string | undefined;
}
const newSandbox = (): Sandbox => ({ gen: 0, alive: false, ip: undefined });
function foldSandbox(sb: Sandbox, s: TraceStep): void {
  if (s.event.type === 'pod.sandbox.ready') {
    sb.gen++;
    sb.alive = true;
    sb.ip = s.event.data.podIP as string;
  } else if (s.event.type === 'pod.sandbox.died') sb.alive = false;
}
const currentSandbox = (sb: Sandbox) => (sb.alive ? sb.gen : -1);

/** A step checker that keeps one memo per live Pod (forgotten on removal). */
abstract class PodChecker<T> implements StepChecker {
  protected readonly memos: PodMemos<T>;
  constructor(create: () => T) {
    this.memos = new PodMemos(create);
  }
  get pods(): number {
    return this.memos.size;
  }
  step(s: TraceStep, i: number, out: Violation[]): void {
    if (!s.ok || s.uid === undefined) return;
    this.check(s, s.uid, this.memos.get(s.uid), i, out);
    if (removes(s)) this.memos.forget(s.uid);
  }
  /** Checks and folds one accepted step of Pod `uid`. */
  protected abstract check(s: TraceStep, uid: string, memo: T, i: number, out: Violation[]): void;
}

const AFTER_TERMINAL = new Set([
  'pod.deletion.requested',
  'pod.removed',
  'pod.readiness-gate.changed',
  'pod.metadata.updated',
]);

/** I2, fed step by step: see {@link checkI2}. */
export class I2Checker extends PodChecker<{ terminal: string | undefined }> {
  constructor() {
    super(() => ({ terminal: undefined }));
  }
  protected check(
    s: TraceStep,
    _uid: string,
    m: { terminal: string | undefined },
    i: number,
    out: Violation[],
  ) {
    const was = m.terminal ?? s.before?.ctx.terminalPhase;
    if (was !== undefined) {
      if (!AFTER_TERMINAL.has(s.event.type)) {
        out.push({
          invariant: 'I2',
          step: i,
          message: `${s.event.type} accepted after the Pod reached ${was}`,
        });
      }
      if (s.after?.ctx.terminalPhase !== was) {
        out.push({
          invariant: 'I2',
          step: i,
          message: `phase left ${was} for ${s.after?.ctx.terminalPhase}`,
        });
      }
    }
    const now = s.after?.ctx.terminalPhase;
    if (now !== undefined) m.terminal = now;
  }
}

/** I2: Succeeded and Failed are terminal for the phase; only deletion, gates, metadata changes and removal follow. */
export const checkI2: Checker = (trace) => runChecker(new I2Checker(), trace.steps);

/** Per-container sandbox generations (undefined: never), by container index. */
type Gens = (number | undefined)[];

interface I3Memo {
  sb: Sandbox;
  completed: Gens;
  sidecarUp: Gens;
  firstStart: Gens;
  appGen: number | undefined;
  killedAfterStart: boolean[];
}

/** I3, fed step by step: see {@link checkI3}. */
export class I3Checker extends PodChecker<I3Memo> {
  constructor() {
    super(() => ({
      sb: newSandbox(),
      completed: [],
      sidecarUp: [],
      firstStart: [],
      appGen: undefined,
      killedAfterStart: [],
    }));
  }
  protected check(s: TraceStep, _uid: string, m: I3Memo, i: number, out: Violation[]) {
    const g = currentSandbox(m.sb);
    const bad = (message: string) => out.push({ invariant: 'I3', step: i, message });
    const { type, data } = s.event;
    const all = slots(s.after);
    const slot = slotNamed(s.after, data.container);
    if (type === 'container.started' && slot !== undefined) {
      const c = slot.ctx;
      const first = m.firstStart[c.index] !== g && (c.role !== 'app' || m.appGen !== g);
      const upTo = c.role === 'app' ? all.length : c.index;
      if (first) {
        for (let k = 0; k < upTo && k < all.length; k++) {
          const o = all[k]!;
          if (o.ctx.role === 'init' && m.completed[o.ctx.index] !== g) {
            bad(
              `${c.role} container "${c.name}" started before init container "${o.ctx.name}" completed in sandbox ${g}`,
            );
          }
          if (o.ctx.role === 'sidecar' && o !== slot && m.sidecarUp[o.ctx.index] !== g) {
            bad(
              `${c.role} container "${c.name}" started before sidecar "${o.ctx.name}" had started in sandbox ${g}`,
            );
          }
        }
      }
      m.firstStart[c.index] = g;
      if (c.role === 'app') m.appGen = g;
      if (c.role === 'sidecar' && c.spec.startupProbe === undefined) m.sidecarUp[c.index] = g;
    }
    if (type === 'container.probe.succeeded' && data.probe === 'startup' && slot?.ctx.role === 'sidecar')
      m.sidecarUp[slot.ctx.index] = g;
    if (type === 'container.exited' && data.exitCode === 0 && slot?.ctx.role === 'init')
      m.completed[slot.ctx.index] = g;
    if (
      type === 'container.probe.failed' &&
      data.probe === 'liveness' &&
      slot?.ctx.role === 'sidecar' &&
      isStoppingState(slot.value) &&
      m.sidecarUp[slot.ctx.index] === g
    )
      m.killedAfterStart[slot.ctx.index] = true;
    let initsRunning = 0;
    for (const o of all) {
      const running = isRunning(o);
      if (!running && !m.killedAfterStart[o.ctx.index]) m.sidecarUp[o.ctx.index] = undefined;
      if (running && o.ctx.role === 'init') initsRunning++;
    }
    if (initsRunning > 1) {
      const names = all.filter((o) => o.ctx.role === 'init' && isRunning(o)).map((o) => o.ctx.name);
      bad(`init containers ${names.join(', ')} run at the same time`);
    }
    foldSandbox(m.sb, s);
    if (type === 'pod.sandbox.ready') {
      m.appGen = undefined;
      m.killedAfterStart.length = 0;
    }
  }
}

/**
 * I3: regular init containers one at a time and in order; app containers only after every
 * regular init container exited 0 in the sandbox; each sidecar after the previous started. A
 * sidecar killed for a failed liveness probe after it started still counts as started in that
 * sandbox (computePodActions decides the kill and the next starts in one sync).
 */
export const checkI3: Checker = (trace) => runChecker(new I3Checker(), trace.steps);

interface I4Memo {
  sb: Sandbox;
  completed: Gens;
  appGen: number | undefined;
}

/** I4, fed step by step: see {@link checkI4}. */
export class I4Checker extends PodChecker<I4Memo> {
  constructor() {
    super(() => ({ sb: newSandbox(), completed: [], appGen: undefined }));
  }
  protected check(s: TraceStep, _uid: string, m: I4Memo, i: number, out: Violation[]) {
    foldSandbox(m.sb, s);
    const g = currentSandbox(m.sb);
    const slot = slotNamed(s.after, s.event.data.container);
    if (s.event.type === 'container.started' && slot?.ctx.role === 'app') m.appGen = g;
    if (s.event.type === 'container.exited' && s.event.data.exitCode === 0 && slot?.ctx.role === 'init')
      m.completed[slot.ctx.index] = g;
    if (s.after === undefined || s.after.value === 'removed') return;
    const expected = g >= 0 && m.appGen === g;
    if (s.after.ctx.initialized !== expected) {
      out.push({
        invariant: 'I4',
        step: i,
        message: `initialized is ${s.after.ctx.initialized} but an app container ${expected ? 'has' : 'has not'} started in the live sandbox`,
      });
    }
    if (s.after.ctx.initialized) {
      const missing = slots(s.after).find((o) => o.ctx.role === 'init' && m.completed[o.ctx.index] !== g);
      if (missing !== undefined)
        out.push({
          invariant: 'I4',
          step: i,
          message: `initialized while init container "${missing.ctx.name}" has not completed in this sandbox`,
        });
    }
  }
}

/** I4 (engine facts): initialized ⇔ an app container started in the live sandbox, and then every regular init container completed in it. */
export const checkI4: Checker = (trace) => runChecker(new I4Checker(), trace.steps);

interface ProbeModel {
  ok: number;
  fail: number;
  ready: boolean;
  started: boolean;
  live: number;
  boot: number;
}

/** I5, fed step by step: see {@link checkI5}. */
export class I5Checker extends PodChecker<(ProbeModel | undefined)[]> {
  constructor() {
    super(() => []);
  }
  protected check(
    s: TraceStep,
    _uid: string,
    probes: (ProbeModel | undefined)[],
    i: number,
    out: Violation[],
  ) {
    const slot = slotNamed(s.after, s.event.data.container);
    if (slot !== undefined) {
      const spec = slot.ctx.spec;
      const rp = spec.readinessProbe;
      const { type, data } = s.event;
      if (type === 'container.started')
        probes[slot.ctx.index] = {
          ok: 0,
          fail: 0,
          ready: rp === undefined,
          started: spec.startupProbe === undefined,
          live: 0,
          boot: 0,
        };
      const p = probes[slot.ctx.index];
      const kind = data.probe as 'startup' | 'liveness' | 'readiness' | undefined;
      if (p && kind !== undefined) {
        const bad = (message: string) =>
          out.push({ invariant: 'I5', step: i, message: `container "${slot.ctx.name}": ${message}` });
        const was = s.before?.ctx.containers[slot.ctx.index];
        const own = kind === 'startup' ? spec.startupProbe : kind === 'liveness' ? spec.livenessProbe : rp;
        if (own === undefined) bad(`a ${kind} probe result accepted, but it has no ${kind}Probe`);
        else if (!isRunning(was)) bad(`a ${kind} probe result accepted while it is ${was?.value}`);
        else if (kind === 'startup' ? p.started : !p.started)
          bad(`a ${kind} probe result accepted ${p.started ? 'after' : 'before'} its startup probe passed`);
        const ok = type === 'container.probe.succeeded';
        if (kind === 'readiness' && rp) {
          if (ok) {
            p.ready = p.ready || p.ok + 1 >= (rp.successThreshold ?? 1);
            p.ok++;
            p.fail = 0;
          } else {
            p.ready = p.ready && p.fail + 1 < (rp.failureThreshold ?? 3);
            p.ok = 0;
            p.fail++;
          }
        } else if (kind === 'startup') {
          if (ok) {
            p.started = true;
            p.boot = 0;
          } else p.boot++;
        } else if (kind === 'liveness') p.live = ok ? 0 : p.live + 1;
        if (!ok && kind !== 'readiness' && own !== undefined && was !== undefined && isUpState(was.value)) {
          const failures = kind === 'startup' ? p.boot : p.live;
          const kills = failures >= (own.failureThreshold ?? 3);
          const killed = !isUpState(slot.value);
          if (kills !== killed)
            bad(
              `${failures} consecutive ${kind} failure(s) with failureThreshold ${own.failureThreshold ?? 3}, but it was ${killed ? '' : 'not '}killed`,
            );
        }
      }
    }
    for (const o of slots(s.after)) {
      const c = o.ctx;
      const running = isRunning(o);
      // started / ready as the chart's regions say (container chart: startup and readiness regions).
      const started = isStartedState(o.value);
      const readyRegion = o.value.includes('.readiness.ready');
      if (!running) {
        if (readyRegion || started)
          out.push({
            invariant: 'I5',
            step: i,
            message: `container "${c.name}": ${o.value} but ready=${readyRegion} started=${started}`,
          });
        continue;
      }
      const bad = (message: string) =>
        out.push({ invariant: 'I5', step: i, message: `container "${c.name}": ${message}` });
      const p = probes[c.index];
      if (p && o.value !== 'running.postStart' && p.started !== started)
        bad(`started=${started} but its startup probe results say ${p.started}`);
      if (c.spec.readinessProbe === undefined) {
        if (o.value !== 'running.postStart' && !readyRegion)
          bad('not ready although it has no readiness probe and runs');
      } else if (isUpState(o.value)) {
        if (readyRegion && !started) bad('ready before its startup probe passed');
        if (p && p.ready !== readyRegion)
          bad(`ready=${readyRegion} but its readiness probe results say ${p.ready}`);
      }
    }
  }
}

/**
 * I5 (engine facts): a ready container is running and started; readiness follows the probe's
 * thresholds (successThreshold consecutive successes make it ready, failureThreshold consecutive
 * failures unready; none: ready while running). Probe results are accepted only for probes the
 * container has, while it runs: the startup probe until it passed, the others after
 * (worker.doProbe); a liveness or startup failure kills exactly at its failureThreshold-th
 * consecutive failure. The probe model is rebuilt from the trace's own events.
 */
export const checkI5: Checker = (trace) => runChecker(new I5Checker(), trace.steps);

interface I6Memo {
  starts: number[];
  startedAt: (number | undefined)[];
}

/** I6, fed step by step: see {@link checkI6}. */
export class I6Checker extends PodChecker<I6Memo> {
  constructor() {
    super(() => ({ starts: [], startedAt: [] }));
  }
  protected check(s: TraceStep, _uid: string, m: I6Memo, i: number, out: Violation[]) {
    if (s.after === undefined) return;
    const { type, data } = s.event;
    const never = s.after.ctx.restartPolicy === 'Never';
    for (const o of slots(s.after)) {
      const c = o.ctx;
      const k = c.index;
      const was = s.before?.ctx.containers[k]?.ctx;
      const bad = (message: string) =>
        out.push({ invariant: 'I6', step: i, message: `container "${c.name}": ${message}` });
      const prev = was?.restartCount ?? 0;
      const mine = data.container === c.name;
      if (type === 'container.started' && mine) {
        m.starts[k] = (m.starts[k] ?? 0) + 1;
        m.startedAt[k] = s.time;
        if (m.starts[k]! > 1 && !sameTermination(c.last, was?.current))
          bad(`restarted, but lastState is not the run that just ended (exit ${was?.current?.exitCode})`);
      }
      const starts = m.starts[k] ?? 0;
      const want = Math.max(0, starts - 1);
      if (c.restartCount < prev) bad(`restartCount went down from ${prev} to ${c.restartCount}`);
      else if (c.restartCount !== want)
        bad(`restartCount ${prev} → ${c.restartCount} on ${type}; it started ${starts} time(s)`);
      if (type === 'container.exited' && mine) {
        const t = c.current;
        if (
          t?.exitCode !== data.exitCode ||
          t?.finishedAt !== s.time ||
          t?.startedAt !== (m.startedAt[k] ?? s.time)
        )
          bad(
            `exited ${data.exitCode} at ${s.time} after starting at ${m.startedAt[k]}, but terminated is ${JSON.stringify(t && { exitCode: t.exitCode, startedAt: t.startedAt, finishedAt: t.finishedAt })}`,
          );
      }
      if (c.role === 'app' && never && c.restartCount > 0) bad('restarted under restartPolicy Never');
    }
  }
}

/**
 * I6: restartCount is the number of earlier runs (it never decreases and every restart raises it
 * by exactly one: kubelet_pods.go convertToAPIContainerStatuses); never for app containers under
 * Never. Each restart sets lastState to the run that just ended, and each exit records its exit
 * code, its run's startedAt and the exit time (state.terminated). Starts and exits are counted
 * from the trace's own events.
 */
export const checkI6: Checker = (trace) => runChecker(new I6Checker(), trace.steps);

const sameTermination = (a: Termination | undefined, b: Termination | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.exitCode === b.exitCode &&
    a.startedAt === b.startedAt &&
    a.finishedAt === b.finishedAt &&
    a.reason === b.reason);

interface BackOff {
  runs: number;
  fin?: number;
  delay?: number;
  lastUpdate?: number;
}

/** I7, fed step by step: see {@link checkI7}. */
export class I7Checker extends PodChecker<BackOff[]> {
  constructor() {
    super(() => []);
  }
  protected check(s: TraceStep, _uid: string, model: BackOff[], i: number, out: Violation[]) {
    const started = s.event.type === 'container.started' ? s.event.data.container : undefined;
    for (const o of slots(s.after)) {
      const k = o.ctx.index;
      let m = model[k];
      if (m === undefined) {
        m = { runs: 0 };
        model[k] = m;
      }
      const was = s.before?.ctx.containers[k];
      if (isRunning(was) && isTerminatedState(o.value)) m.fin = s.time;
      if (started !== o.ctx.name) continue;
      if (m.runs > 0) {
        const fin = m.fin ?? s.time;
        if (m.delay !== undefined && fin - m.lastUpdate! <= 600_000) {
          if (s.time - fin < m.delay) {
            out.push({
              invariant: 'I7',
              step: i,
              message: `"${o.ctx.name}" restarted ${(s.time - fin) / 1000}s after finishing, inside its ${m.delay / 1000}s back-off`,
            });
          }
          m.delay = Math.min(m.delay * 2, 300_000);
        } else m.delay = 10_000;
        m.lastUpdate = s.time;
      }
      m.runs++;
    }
  }
}

/** I7: no restart before the crash-loop back-off has elapsed (10 s doubling to 300 s from finishedAt; reset after 10 min). */
export const checkI7: Checker = (trace) => runChecker(new I7Checker(), trace.steps);

/** I8, fed step by step: see {@link checkI8}. */
export class I8Checker extends PodChecker<Sandbox> {
  constructor() {
    super(newSandbox);
  }
  protected check(s: TraceStep, _uid: string, sb: Sandbox, i: number, out: Violation[]) {
    if (s.event.type === 'container.started' && !sb.alive) {
      out.push({
        invariant: 'I8',
        step: i,
        message: `"${s.event.data.container}" started with no live sandbox`,
      });
    }
    foldSandbox(sb, s);
    if (s.after === undefined || s.after.value === 'removed') return;
    const want = sb.alive ? sb.ip : undefined;
    if (s.after.ctx.podIP !== want)
      out.push({
        invariant: 'I8',
        step: i,
        message: `podIP is ${s.after.ctx.podIP} but the live sandbox has ${want}`,
      });
  }
}

/** I8: one Pod IP per sandbox, stable while the sandbox lives; no container runs without one. */
export const checkI8: Checker = (trace) => runChecker(new I8Checker(), trace.steps);
