import type { PodState } from '../engine/types.js';
import type { ContainerSlot } from '../machines/types.js';
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

/** I2: Succeeded and Failed are terminal for the phase; only deletion, gates and removal follow. */
export const checkI2: Checker = (trace) => {
  const out: Violation[] = [];
  const terminal = new Map<string, string>();
  trace.steps.forEach((s, i) => {
    if (!s.ok || s.uid === undefined) return;
    const was = terminal.get(s.uid) ?? s.before?.ctx.terminalPhase;
    if (was !== undefined) {
      if (!['pod.deletion.requested', 'pod.removed', 'pod.readiness-gate.changed'].includes(s.event.type)) {
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
      slot.value === 'running.stopping' &&
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

/** I5 (engine facts): a ready container is running and started; readiness follows the probe's thresholds. */
export const checkI5: Checker = (trace) => {
  const out: Violation[] = [];
  const probe = new Map<string, { ok: number; fail: number; ready: boolean }>();
  trace.steps.forEach((s, i) => {
    const uid = s.uid;
    if (!s.ok || uid === undefined) return;
    const slot = slotNamed(s.after, s.event.data.container);
    if (slot !== undefined) {
      const k = key(uid, slot.ctx.name);
      const rp = slot.ctx.spec.readinessProbe;
      if (s.event.type === 'container.started') probe.set(k, { ok: 0, fail: 0, ready: rp === undefined });
      const p = probe.get(k);
      if (p && rp && s.event.data.probe === 'readiness') {
        if (s.event.type === 'container.probe.succeeded')
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
      }
    }
    for (const o of slots(s.after)) {
      const c = o.ctx;
      const bad = (message: string) =>
        out.push({ invariant: 'I5', step: i, message: `container "${c.name}": ${message}` });
      if (!isRunning(o) && (c.readyOk || c.startupOk))
        bad(`${o.value} but ready=${c.readyOk} started=${c.startupOk}`);
      if (o.value === 'running.up' && c.spec.readinessProbe) {
        if (c.readyOk && !c.startupOk) bad('ready before its startup probe passed');
        const p = probe.get(key(uid, c.name));
        if (p && p.ready !== c.readyOk)
          bad(`ready=${c.readyOk} but its readiness probe results say ${p.ready}`);
      }
    }
  });
  return out;
};

/** I6: restartCount never decreases, grows by one per restart; never for app containers under Never. */
export const checkI6: Checker = (trace) => {
  const out: Violation[] = [];
  trace.steps.forEach((s, i) => {
    if (!s.ok || s.after === undefined) return;
    for (const o of slots(s.after)) {
      const c = o.ctx;
      const was = s.before?.ctx.containers[c.index]?.ctx;
      const bad = (message: string) =>
        out.push({ invariant: 'I6', step: i, message: `container "${c.name}": ${message}` });
      const prev = was?.restartCount ?? 0;
      if (c.restartCount < prev) bad(`restartCount went down from ${prev} to ${c.restartCount}`);
      if (c.restartCount > prev) {
        const restart =
          s.event.type === 'container.started' && s.event.data.container === c.name && (was?.runs ?? 0) > 0;
        if (!restart || c.restartCount !== prev + 1)
          bad(`restartCount ${prev} → ${c.restartCount} on ${s.event.type} without a restart of it`);
      }
      if (c.role === 'app' && s.after.ctx.restartPolicy === 'Never' && c.restartCount > 0)
        bad('restarted under restartPolicy Never');
    }
  });
  return out;
};

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
      if (isRunning(was) && o.value === 'terminated') m.fin = s.time;
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
