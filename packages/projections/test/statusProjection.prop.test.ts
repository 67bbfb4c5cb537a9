import { createEngine, type Engine } from '@podstate/core';
import { ev, type Lifecycle, lifecycleArbitrary, toEvents } from '@podstate/core/testing';
import { type PodObject, StatusProjection, toPodObject } from '@podstate/projections';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod, podManifest } from './drive.js';
import { checkI2, checkI4, checkI5, type PodViolation } from './podInvariants.js';
import { firstIncrementalMismatch, type Projection } from './replayProjection.js';
import { bound, sidecar, testPod } from './shapes.js';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 100);
// The from-scratch comparison is quadratic in the lifecycle length: shorter lifecycles there.
const short = lifecycleArbitrary({ maxSteps: 40 });
const full = lifecycleArbitrary();
const params = { seed, numRuns, endOnFailure: true };

/** Folds the lifecycle; calls `each` after every accepted event with the live Pods' objects. */
function fold(l: Lifecycle, each: (i: number, engine: Engine, p: StatusProjection, now: number) => void) {
  const engine = createEngine({ profile: l.profile });
  const projection = new StatusProjection();
  l.events.forEach((e, i) => {
    const r = engine.apply(e);
    if (!r.ok) return;
    projection.apply(engine, r.transition);
    each(i, engine, projection, r.transition.time);
  });
}

describe('StatusProjection over generated lifecycles', () => {
  it('the incremental projection equals a projection from scratch at every seq', () => {
    fc.assert(
      fc.property(short, (l) => {
        const mismatch = firstIncrementalMismatch(l.events, l.profile, () => new StatusProjection());
        if (mismatch) throw new Error(mismatch);
      }),
      params,
    );
  });

  it('projecting is idempotent: get twice, re-projecting a Pod object, folding a transition twice', () => {
    fc.assert(
      fc.property(full, (l) => {
        const engine = createEngine({ profile: l.profile });
        const projection = new StatusProjection();
        for (const e of l.events) {
          const r = engine.apply(e);
          if (!r.ok) continue;
          projection.apply(engine, r.transition);
          const uid = r.transition.uid;
          if (uid === undefined || !engine.pods.has(uid)) continue;
          const now = r.transition.time;
          const once = projection.get(engine, uid, now);
          expect(projection.get(engine, uid, now)).toEqual(once);
          expect(toPodObject(engine.pods.get(uid)!, engine.env, now, once, now)).toEqual(once);
          projection.apply(engine, r.transition);
          expect(projection.get(engine, uid, now)).toEqual(once);
        }
      }),
      params,
    );
  });

  it('a finished Pod read long after it finished (nodes lost, Secrets gone since) shows what it showed when it finished', () => {
    // StatusProjection decides a finished Pod's conditions when it is first read: that must not
    // depend on when the read comes. One fold reads every live Pod after every event; the other
    // only at the end. Their answers at the end must be the same.
    let finishedThenRead = 0;
    fc.assert(
      fc.property(full, (l) => {
        const engine = createEngine({ profile: l.profile });
        const eager = new StatusProjection();
        const late = new StatusProjection();
        let now = 0;
        const finished = new Set<string>();
        for (const e of l.events) {
          const r = engine.apply(e);
          if (!r.ok) continue;
          eager.apply(engine, r.transition);
          late.apply(engine, r.transition);
          now = r.transition.time;
          for (const uid of engine.pods.keys()) {
            eager.get(engine, uid, now);
            if (engine.pods.get(uid)!.ctx.terminalPhase !== undefined) finished.add(uid);
          }
        }
        for (const uid of engine.pods.keys()) {
          if (finished.has(uid)) finishedThenRead++;
          expect(late.get(engine, uid, now)).toEqual(eager.get(engine, uid, now));
        }
        expect(late.snapshot()).toEqual(eager.snapshot());
      }),
      { ...params, numRuns: numRuns * 3 },
    );
    // The lifecycles do reach the case: Pods that finished and are read only later (about one
    // lifecycle in ten ends with such a Pod: more than 10 at the default 100 runs, more than 3 at
    // the mutation runs' 30).
    expect(finishedThenRead).toBeGreaterThan(numRuns / 10);
  });

  it('I2, I4, I5 hold on every projected Pod object at every seq', () => {
    fc.assert(
      fc.property(full, (l) => {
        const phases = new Map<string, string[]>();
        fold(l, (i, engine, projection, now) => {
          for (const uid of engine.pods.keys()) {
            const pod = projection.get(engine, uid, now) as ProjectedPod;
            const history = phases.get(uid) ?? [];
            history.push(pod.status.phase);
            phases.set(uid, history);
            const found: PodViolation[] = [...checkI2(history), ...checkI4(pod), ...checkI5(pod)];
            if (found.length > 0)
              throw new Error(
                `#${i} ${l.events[i]?.type} Pod ${uid}: ${found[0]!.invariant}: ${found[0]!.message}`,
              );
          }
        });
      }),
      params,
    );
  });
});

describe('the property checkers catch hand-made bad cases', () => {
  it('incremental vs from scratch: a projection whose get() caches its answer is caught', () => {
    // A plausible bug: memoising get() into the fold, so a read at a later `now` rewrites history.
    class CachingGet extends StatusProjection {
      private cache = new Map<string, PodObject>();
      override apply(engine: Engine, t: Parameters<StatusProjection['apply']>[1]) {
        super.apply(engine, t);
        if (t.uid) this.cache.delete(t.uid);
      }
      override get(engine: Engine, uid: string, now: number) {
        const hit = this.cache.get(uid);
        if (hit) return hit;
        const p = super.get(engine, uid, now);
        if (p) this.cache.set(uid, p);
        return p;
      }
    }
    // ErrImagePull at the failure, ImagePullBackOff once time moves on: a stale cached read shows.
    const m = podManifest('pull', { containers: [{ name: 'app', image: 'redis:7.2' }] });
    const events = toEvents([...bound(m), ev.pulling('app'), ev.pullFailed('app'), ev.wait(5)]);
    const make = (): Projection => new CachingGet();
    expect(firstIncrementalMismatch(events, 'current', make)).toMatch(/Pod u1 differs/);
    expect(firstIncrementalMismatch(events, 'current', () => new StatusProjection())).toBeUndefined();
  });

  it('I2: a terminal phase that changes is caught', () => {
    expect(checkI2(['Pending', 'Running', 'Failed', 'Failed'])).toEqual([]);
    expect(checkI2(['Running', 'Succeeded', 'Running'])).toMatchObject([{ invariant: 'I2' }]);
  });

  it('I4: Initialized=True with an init container still running and no regular container run is caught', () => {
    const pod = drive([
      ...bound(testPod('Always', [{ name: 'setup', image: 'busybox:1.36' }])),
      ev.started('setup'),
    ]).pod();
    expect(checkI4(pod)).toEqual([]);
    const bad = structuredClone(pod);
    bad.status.conditions!.find((c) => c.type === 'Initialized')!.status = 'True';
    expect(checkI4(bad)).toMatchObject([{ invariant: 'I4' }]);
  });

  it('I5: Ready=True over an unready sidecar, ContainersReady=False, or an unmet readiness gate is caught', () => {
    const m = { ...testPod('Always', [sidecar('proxy', true)], ['app']) };
    (m.spec as Record<string, unknown>).readinessGates = [{ conditionType: 'example.com/lb' }];
    const steps = [...bound(m), ev.started('proxy'), ev.probeOk('proxy', 'startup'), ev.started('app')];
    const good = drive([...steps, ev.gate('example.com/lb', 'True')]).pod();
    expect(good.status.conditions?.find((c) => c.type === 'Ready')?.status).toBe('True');
    expect(checkI5(good)).toEqual([]);
    const gateFalse = drive([...steps, ev.gate('example.com/lb', 'False')]).pod();
    const forced = (p: ProjectedPod, type: string) => {
      const bad = structuredClone(p);
      bad.status.conditions!.find((c) => c.type === type)!.status = 'True';
      return bad;
    };
    expect(checkI5(forced(gateFalse, 'Ready'))).toMatchObject([{ invariant: 'I5' }]);
    const notStarted = drive([...bound(m), ev.started('proxy')]).pod();
    expect(checkI5(forced(notStarted, 'ContainersReady')).map((v) => v.invariant)).toContain('I5');
    const readyButWaiting = structuredClone(good);
    readyButWaiting.status.containerStatuses![0]!.state = { waiting: { reason: 'CrashLoopBackOff' } };
    expect(checkI5(readyButWaiting).length).toBeGreaterThan(0);
  });
});
