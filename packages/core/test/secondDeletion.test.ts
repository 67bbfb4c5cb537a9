// A second deletion of a Pod that is already being deleted. The API side is BeforeDelete
// (staging/src/k8s.io/apiserver/pkg/registry/rest/delete.go): without gracePeriodSeconds, or with
// one >= deletionGracePeriodSeconds, nothing changes ("graceful deletion is pending"); a shorter one
// sets deletionTimestamp = old deletionTimestamp − old grace + new grace and
// deletionGracePeriodSeconds = new grace. The kubelet side: pod_workers.go UpdatePod records the
// shorter grace (calculateEffectiveGracePeriod) and cancels the worker's context, but
// SyncTerminatingPod (kubelet.go) runs killPod on a context of its own (TODO #113606), so the kill
// already under way (killContainer: preStop, then StopContainer with the first grace) goes on and
// each container's SIGKILL stays where the first request put it (upstream issue #83916, open).
import { createEngine, nextActions } from '@podstate/core';
import { after, ev, given, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { cachedNode, hooksUp as hooksUpOn } from './upLifecycles.js';

const hooksUp = hooksUpOn(cachedNode());
/** The time of a given/when outcome's event, ms. */
const at = (o: { event: { time: string } }) => Date.parse(o.event.time);

describe('BeforeDelete: a second deletion of a Pod that already has a deletionTimestamp', () => {
  it('without gracePeriodSeconds it changes nothing, even where the spec grace would be shorter', () => {
    // hooks has terminationGracePeriodSeconds 20: the first request asked for 60.
    given(...hooksUp, ev.deletion(60))
      .when(after(5, ev.deletion()))
      .thenAccepted((o) => {
        const first = at(o) - 5000;
        expect(o.pod?.ctx.deletion).toEqual({
          requestedAt: first,
          gracePeriodSeconds: 60,
          deadline: first + 60_000,
          killDeadline: first + 60_000,
        });
      });
  });

  it('with gracePeriodSeconds equal to or longer than deletionGracePeriodSeconds it changes nothing', () => {
    for (const asked of [30, 31, 600]) {
      given(...hooksUp, ev.deletion(30))
        .when(after(5, ev.deletion(asked)))
        .thenAccepted((o) => {
          const first = at(o) - 5000;
          expect(o.pod?.ctx.deletion).toEqual({
            requestedAt: first,
            gracePeriodSeconds: 30,
            deadline: first + 30_000,
            killDeadline: first + 30_000,
          });
        });
    }
  });

  it('with a shorter one: deletionTimestamp = old deletionTimestamp − old grace + new grace, even when that is already past', () => {
    // 40 s after a 60 s deletion, a 5 s one: deletionTimestamp becomes the first request + 5 s
    // (35 s ago), not the second request + 5 s.
    given(...hooksUp, ev.deletion(60))
      .when(after(40, ev.deletion(5)))
      .thenAccepted((o) => {
        const first = at(o) - 40_000;
        expect(o.pod?.ctx.deletion).toMatchObject({
          requestedAt: first,
          gracePeriodSeconds: 5,
          deadline: first + 5000,
        });
      });
    // Shortened twice: each step moves it by the difference.
    given(...hooksUp, ev.deletion(60), after(1, ev.deletion(20)))
      .when(after(1, ev.deletion(7)))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 7, deadline: at(o) - 2000 + 7000 }),
      );
  });

  it('a negative gracePeriodSeconds counts as 1, 0 stays 0 (BeforeDelete: "Negative values will be treated as the value `1s`")', () => {
    given(...hooksUp, ev.deletion(60))
      .when(after(3, ev.deletion(-4)))
      .thenAccepted((o) =>
        expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 1, deadline: at(o) - 3000 + 1000 }),
      );
    // 0 stays 0 (only a negative value becomes 1), and a grace of 0 deletes the object in the
    // request (updateForGracefulDeletionAndFinalizers: lastGraceful 0, no finalizer).
    given(...hooksUp, ev.deletion(60))
      .when(after(3, ev.deletion(0)))
      .thenAccepted((o) => {
        expect(o.pod).toBeUndefined();
        expect(o.engine.removed.get('u1')?.removedAt).toBe(at(o));
      });
    // 1 is not shorter than 1: nothing changes.
    given(...hooksUp, ev.deletion(1))
      .when(ev.deletion(-4))
      .thenAccepted((o) => expect(o.pod?.ctx.deletion).toMatchObject({ gracePeriodSeconds: 1 }));
  });
});

describe('SyncTerminatingPod + killContainer: the kill under way keeps the first grace', () => {
  it("a shorter second deletion moves deletionTimestamp but neither the Pod's kill deadline nor any container's SIGKILL", () => {
    given(...hooksUp, ev.deletion(60))
      .when(after(40, ev.deletion(5)))
      .thenAccepted((o) => {
        const first = at(o) - 40_000;
        expect(o.pod?.ctx.deletion?.killDeadline).toBe(first + 60_000);
        expect(o.container('web').ctx.kill?.deadline).toBe(first + 60_000);
        expect(o.container('worker').ctx.kill?.deadline).toBe(first + 60_000);
      });
  });

  it('a container whose postStart hook returns after the second deletion is stopped with the time left of the kill, not of deletionTimestamp', () => {
    // web's postStart hook still runs when the deletions come (killContainer starts once SyncPod returns).
    const starting: Step[] = hooksUp.slice(0, 5);
    given(...starting, ev.deletion(60), after(10, ev.deletion(5)))
      .when(after(10, ev.postStartOk('web')))
      .thenAccepted((o) => expect(o.container('web').ctx.kill?.deadline).toBe(at(o) - 20_000 + 60_000));
  });
});

describe("nextActions: the auto-driver kills at the kubelet's deadline, not at deletionTimestamp", () => {
  const engineAfter = (steps: Step[]) => {
    const engine = createEngine();
    const events = toEvents(steps);
    for (const e of events) expect(engine.apply(e).ok).toBe(true);
    return { engine, first: Date.parse(events[events.length - 2]!.time) };
  };
  const iso = (ms: number) => new Date(ms).toISOString();

  it('between the shortened deletionTimestamp and the first grace, the preStop hook completes and the containers exit 0; after it, 137 / signal 9', () => {
    const { engine, first } = engineAfter([...hooksUp, ev.deletion(60), after(40, ev.deletion(5))]);
    expect(engine.pods.get('u1')!.ctx.deletion?.deadline).toBe(first + 5000);
    expect(nextActions(engine, 'u1', iso(first + 50_000))).toEqual([
      { stream: 'pod/u1', type: 'container.prestop.completed', data: { container: 'web' } },
    ]);
    expect(nextActions(engine, 'u1', iso(first + 60_000))).toEqual([
      { stream: 'pod/u1', type: 'container.exited', data: { container: 'web', exitCode: 137, signal: 9 } },
    ]);
  });
});
