import type { PodState } from '../engine/types.js';
import {
  type ContainerSlot,
  isStoppingState,
  isTerminatedState,
  isUpState,
  type Termination,
} from '../machines/types.js';
import { isRunning, slotNamed, type Violation } from './invariantModel.js';
import type { Trace, TraceStep } from './trace.js';

type Checker = (trace: Trace) => Violation[];
const key = (uid: string, c: string) => `${uid}/${c}`;
const slots = (p: PodState | undefined): ContainerSlot[] => p?.ctx.containers ?? [];

/** Per-Pod sandbox bookkeeping shared by I3, I4 and I8: rebuilt from the trace's events. */
class Sandboxes {
  gen = new Map<string, number>();
  alive = new Map<string, boolean>();
  ip = new Map<string, string>();
  fold(s: TraceStep): void {
    if (!s.ok || s.uid === undefined) return;
    if (s.event.type === 'pod.sandbox.ready') {
      this.gen.set(s.uid, (this.gen.get(s.uid) ?? 0) + 1);
      this.alive.set(s.uid, true);
      this.ip.set(s.uid, s.event.data.podIP as string);
    } else if (s.event.type === 'pod.sandbox.died') this.alive.set(s.uid, false);
  }
  current(uid: string): number {
    return this.alive.get(uid) ? (this.gen.get(uid) ?? 0) : -1;
  }
}

/** I2: Succeeded and Failed are terminal for the phase; only deletion, gates, metadata changes and removal follow. */
export const checkI2: Checker = (trace) => {
  const out: Violation[] = [];
  const terminal = new Map<string, string>();
  trace.steps.forEach((s, i) => {
    if (!s.ok || s.uid === undefined) return;
    const was = terminal.get(s.uid) ?? s.before?.ctx.terminalPhase;
    if (was !== undefined) {
      const after = [
        'pod.deletion.requested',
        'pod.removed',
        'pod.readiness-gate.changed',
        'pod.metadata.updated',
      ];
      if (!after.includes(s.event.type)) {
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
    if (now !== undefined) terminal.set(s.uid, now);
  });
  return out;
};

/**
 * I3: regular init containers one at a time and in order; app containers only after every
 * regular init container exited 0 in the sandbox; each sidecar after the previous started. A
 * sidecar killed for a failed liveness probe after it started still counts as started in that
 * sandbox (computePodActions decides the kill and the next starts in one sync).
 */
export const checkI3: Checker = (trace) => {
  const out: Violation[] = [];
  const sb = new Sandboxes();
  const completed = new Map<string, number>();
  const sidecarUp = new Map<string, number>();
  const firstStart = new Map<string, number>();
  const appGen = new Map<string, number>();
  const killedAfterStart = new Set<string>();
  trace.steps.forEach((s, i) => {
    const uid = s.uid;
    if (!s.ok || uid === undefined) return;
    const g = sb.current(uid);
    const bad = (message: string) => out.push({ invariant: 'I3', step: i, message });
    const { type, data } = s.event;
    const slot = slotNamed(s.after, data.container);
    if (type === 'container.started' && slot !== undefined) {
      const c = slot.ctx;
      const first = firstStart.get(key(uid, c.name)) !== g && (c.role !== 'app' || appGen.get(uid) !== g);
      const upTo = c.role === 'app' ? slots(s.after).length : c.index;
      if (first) {
        for (const o of slots(s.after).slice(0, upTo)) {
          if (o.ctx.role === 'init' && completed.get(key(uid, o.ctx.name)) !== g) {
            bad(
              `${c.role} container "${c.name}" started before init container "${o.ctx.name}" completed in sandbox ${g}`,
            );
          }
          if (o.ctx.role === 'sidecar' && o !== slot && sidecarUp.get(key(uid, o.ctx.name)) !== g) {
            bad(
              `${c.role} container "${c.name}" started before sidecar "${o.ctx.name}" had started in sandbox ${g}`,
            );
          }
        }
      }
      firstStart.set(key(uid, c.name), g);
      if (c.role === 'app') appGen.set(uid, g);
      if (c.role === 'sidecar' && c.spec.startupProbe === undefined) sidecarUp.set(key(uid, c.name), g);
    }
    if (type === 'container.probe.succeeded' && data.probe === 'startup' && slot?.ctx.role === 'sidecar')
      sidecarUp.set(key(uid, slot.ctx.name), g);
    if (type === 'container.exited' && data.exitCode === 0 && slot?.ctx.role === 'init')
      completed.set(key(uid, slot.ctx.name), g);
    if (
      type === 'container.probe.failed' &&
      data.probe === 'liveness' &&
      slot?.ctx.role === 'sidecar' &&
      isStoppingState(slot.value) &&
      sidecarUp.get(key(uid, slot.ctx.name)) === g
    )
      killedAfterStart.add(key(uid, slot.ctx.name));
    for (const o of slots(s.after))
      if (!isRunning(o) && !killedAfterStart.has(key(uid, o.ctx.name)))
        sidecarUp.delete(key(uid, o.ctx.name));
    const initsRunning = slots(s.after).filter((o) => o.ctx.role === 'init' && isRunning(o));
    if (initsRunning.length > 1)
      bad(`init containers ${initsRunning.map((o) => o.ctx.name).join(', ')} run at the same time`);
    sb.fold(s);
    if (type === 'pod.sandbox.ready') {
      appGen.delete(uid);
      for (const o of slots(s.after)) killedAfterStart.delete(key(uid, o.ctx.name));
    }
  });
  return out;
};

/** I4 (engine facts): initialized ⇔ an app container started in the live sandbox, and then every regular init container completed in it. */
export const checkI4: Checker = (trace) => {
  const out: Violation[] = [];
  const sb = new Sandboxes();
  const completed = new Map<string, number>();
  const appGen = new Map<string, number>();
  trace.steps.forEach((s, i) => {
    const uid = s.uid;
    if (!s.ok || uid === undefined) return;
    sb.fold(s);
    const g = sb.current(uid);
    const slot = slotNamed(s.after, s.event.data.container);
    if (s.event.type === 'container.started' && slot?.ctx.role === 'app') appGen.set(uid, g);
    if (s.event.type === 'container.exited' && s.event.data.exitCode === 0 && slot?.ctx.role === 'init')
      completed.set(key(uid, slot.ctx.name), g);
    if (s.after === undefined || s.after.value === 'removed') return;
    const expected = g >= 0 && appGen.get(uid) === g;
    if (s.after.ctx.initialized !== expected) {
      out.push({
        invariant: 'I4',
        step: i,
        message: `initialized is ${s.after.ctx.initialized} but an app container ${expected ? 'has' : 'has not'} started in the live sandbox`,
      });
    }
    if (s.after.ctx.initialized) {
      const missing = slots(s.after).filter(
        (o) => o.ctx.role === 'init' && completed.get(key(uid, o.ctx.name)) !== g,
      );
      if (missing.length > 0)
        out.push({
          invariant: 'I4',
          step: i,
          message: `initialized while init container "${missing[0]!.ctx.name}" has not completed in this sandbox`,
        });
    }
  });
  return out;
};

/**
 * I5 (engine facts): a ready container is running and started; readiness follows the probe's
 * thresholds (successThreshold consecutive successes make it ready, failureThreshold consecutive
 * failures unready; none: ready while running). Probe results are accepted only for probes the
 * container has, while it runs: the startup probe until it passed, the others after
 * (worker.doProbe); a liveness or startup failure kills exactly at its failureThreshold-th
 * consecutive failure. The probe model is rebuilt from the trace's own events.
 */
export const checkI5: Checker = (trace) => {
  const out: Violation[] = [];
  const probe = new Map<
    string,
    { ok: number; fail: number; ready: boolean; started: boolean; live: number; boot: number }
  >();
  trace.steps.forEach((s, i) => {
    const uid = s.uid;
    if (!s.ok || uid === undefined) return;
    const slot = slotNamed(s.after, s.event.data.container);
    if (slot !== undefined) {
      const k = key(uid, slot.ctx.name);
      const spec = slot.ctx.spec;
      const rp = spec.readinessProbe;
      const { type, data } = s.event;
      if (type === 'container.started')
        probe.set(k, {
          ok: 0,
          fail: 0,
          ready: rp === undefined,
          started: spec.startupProbe === undefined,
          live: 0,
          boot: 0,
        });
      const p = probe.get(k);
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
          if (ok)
            Object.assign(p, {
              ok: p.ok + 1,
              fail: 0,
              ready: p.ready || p.ok + 1 >= (rp.successThreshold ?? 1),
            });
          else
            Object.assign(p, {
              ok: 0,
              fail: p.fail + 1,
              ready: p.ready && p.fail + 1 < (rp.failureThreshold ?? 3),
            });
        } else if (kind === 'startup') {
          if (ok) Object.assign(p, { started: true, boot: 0 });
          else p.boot++;
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
      const bad = (message: string) =>
        out.push({ invariant: 'I5', step: i, message: `container "${c.name}": ${message}` });
      if (!isRunning(o) && (c.readyOk || c.startupOk))
        bad(`${o.value} but ready=${c.readyOk} started=${c.startupOk}`);
      if (!isRunning(o)) continue;
      const p = probe.get(key(uid, c.name));
      if (p && p.started !== c.startupOk)
        bad(`started=${c.startupOk} but its startup probe results say ${p.started}`);
      if (c.spec.readinessProbe === undefined) {
        if (!c.readyOk) bad('not ready although it has no readiness probe and runs');
      } else if (isUpState(o.value)) {
        if (c.readyOk && !c.startupOk) bad('ready before its startup probe passed');
        if (p && p.ready !== c.readyOk)
          bad(`ready=${c.readyOk} but its readiness probe results say ${p.ready}`);
      }
    }
  });
  return out;
};

/**
 * I6: restartCount is the number of earlier runs (it never decreases and every restart raises it
 * by exactly one: kubelet_pods.go convertToAPIContainerStatuses); never for app containers under
 * Never. Each restart sets lastState to the run that just ended, and each exit records its exit
 * code, its run's startedAt and the exit time (state.terminated). Starts and exits are counted
 * from the trace's own events.
 */
export const checkI6: Checker = (trace) => {
  const out: Violation[] = [];
  const starts = new Map<string, number>();
  const startedAt = new Map<string, number>();
  trace.steps.forEach((s, i) => {
    if (!s.ok || s.after === undefined || s.uid === undefined) return;
    const { type, data } = s.event;
    for (const o of slots(s.after)) {
      const c = o.ctx;
      const k = key(s.uid, c.name);
      const was = s.before?.ctx.containers[c.index]?.ctx;
      const bad = (message: string) =>
        out.push({ invariant: 'I6', step: i, message: `container "${c.name}": ${message}` });
      const prev = was?.restartCount ?? 0;
      const mine = data.container === c.name;
      if (type === 'container.started' && mine) {
        starts.set(k, (starts.get(k) ?? 0) + 1);
        startedAt.set(k, s.time);
        if ((starts.get(k) ?? 0) > 1 && !sameTermination(c.last, was?.current))
          bad(`restarted, but lastState is not the run that just ended (exit ${was?.current?.exitCode})`);
      }
      const want = Math.max(0, (starts.get(k) ?? 0) - 1);
      if (c.restartCount < prev) bad(`restartCount went down from ${prev} to ${c.restartCount}`);
      else if (c.restartCount !== want)
        bad(`restartCount ${prev} → ${c.restartCount} on ${type}; it started ${starts.get(k) ?? 0} time(s)`);
      if (type === 'container.exited' && mine) {
        const t = c.current;
        if (
          t?.exitCode !== data.exitCode ||
          t?.finishedAt !== s.time ||
          t?.startedAt !== (startedAt.get(k) ?? s.time)
        )
          bad(
            `exited ${data.exitCode} at ${s.time} after starting at ${startedAt.get(k)}, but terminated is ${JSON.stringify(t && { exitCode: t.exitCode, startedAt: t.startedAt, finishedAt: t.finishedAt })}`,
          );
      }
      if (c.role === 'app' && s.after.ctx.restartPolicy === 'Never' && c.restartCount > 0)
        bad('restarted under restartPolicy Never');
    }
  });
  return out;
};

const sameTermination = (a: Termination | undefined, b: Termination | undefined) =>
  a === b ||
  (a !== undefined &&
    b !== undefined &&
    a.exitCode === b.exitCode &&
    a.startedAt === b.startedAt &&
    a.finishedAt === b.finishedAt &&
    a.reason === b.reason);

/** I7: no restart before the crash-loop back-off has elapsed (10 s doubling to 300 s from finishedAt; reset after 10 min). */
export const checkI7: Checker = (trace) => {
  const out: Violation[] = [];
  const model = new Map<string, { runs: number; fin?: number; delay?: number; lastUpdate?: number }>();
  trace.steps.forEach((s, i) => {
    if (!s.ok || s.uid === undefined) return;
    for (const o of slots(s.after)) {
      const k = key(s.uid, o.ctx.name);
      const m = model.get(k) ?? { runs: 0 };
      model.set(k, m);
      const was = s.before?.ctx.containers[o.ctx.index];
      if (isRunning(was) && isTerminatedState(o.value)) m.fin = s.time;
      if (s.event.type !== 'container.started' || s.event.data.container !== o.ctx.name) continue;
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
  });
  return out;
};

/** I8: one Pod IP per sandbox, stable while the sandbox lives; no container runs without one. */
export const checkI8: Checker = (trace) => {
  const out: Violation[] = [];
  const sb = new Sandboxes();
  trace.steps.forEach((s, i) => {
    const uid = s.uid;
    if (!s.ok || uid === undefined) return;
    if (s.event.type === 'container.started' && !sb.alive.get(uid)) {
      out.push({
        invariant: 'I8',
        step: i,
        message: `"${s.event.data.container}" started with no live sandbox`,
      });
    }
    sb.fold(s);
    if (s.after === undefined || s.after.value === 'removed') return;
    const want = sb.alive.get(uid) ? sb.ip.get(uid) : undefined;
    if (s.after.ctx.podIP !== want)
      out.push({
        invariant: 'I8',
        step: i,
        message: `podIP is ${s.after.ctx.podIP} but the live sandbox has ${want}`,
      });
  });
  return out;
};
