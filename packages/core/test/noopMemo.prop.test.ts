import { createEngine, type Engine, type EventInput, type NodeLostProfile } from '@podstate/core';
import { ev, lifecycleArbitrary, now, toEvents } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TrackedEvent } from '../src/machines/compile.js';
import { divergence } from './clusterDivergence.js';

// The engine answers an event that changed nothing from a memo of its Pod (createEngine.ts,
// LivePod): the same type and data, in the same Pod state and cluster, that read no time. The
// reference is the cluster machine (XState stepping the charts, no memo): fed the same events, it
// must reach the same states, cluster and refusals at every step. The lifecycles are the
// generator's, with each Pod event followed by its Pod's last few events and passing probes of
// every container, at the same millisecond and at the next event's time: repeated probes (the
// memo's common case), and repeats whose outcome depends on the time (a pull back-off showing).

const seed = Number(process.env.PODSTATE_SEED ?? 42);
// Each lifecycle grows about tenfold with the repeats and probes, and every step is compared whole.
const numRuns = Math.max(1, Math.floor(Number(process.env.PODSTATE_RUNS ?? 200) / 8));

const PROBES = ['startup', 'readiness', 'liveness'] as const;

/**
 * The events with each Pod event followed by that Pod's last three events again and a passing
 * probe of each kind on each of its containers, twice at that event's time and twice at the next
 * event's: repeats and probes in every state the lifecycle passes through.
 */
function withRepeats(events: readonly EventInput[], profile: NodeLostProfile): EventInput[] {
  const out: EventInput[] = [];
  const recent = new Map<string, EventInput[]>();
  // An engine fed the lifecycle alone tells each Pod's containers.
  const engine = createEngine({ profile });
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    out.push(e);
    engine.apply(e);
    if (!e.stream.startsWith('pod/')) continue;
    const mine = recent.get(e.stream) ?? [];
    mine.push(e);
    if (mine.length > 3) mine.shift();
    recent.set(e.stream, mine);
    const containers = engine.pods.get(e.stream.slice(4))?.ctx.containers.map((c) => c.ctx.name) ?? [];
    const later = events[i + 1]?.time ?? e.time;
    for (const time of [e.time, e.time, later, later]) {
      for (const r of mine) {
        const { seq: _seq, ...rest } = r;
        out.push({ ...rest, time, data: { ...r.data } });
      }
      for (const container of containers)
        for (const probe of PROBES)
          out.push({ stream: e.stream, type: 'container.probe.succeeded', time, data: { container, probe } });
    }
  }
  return out;
}

/** How many of `events` an engine answered from the memo (its private `noop` after each apply). */
function memoAnswers(events: readonly EventInput[], profile: NodeLostProfile): number {
  const engine = createEngine({ profile });
  let n = 0;
  for (const e of events) if (engine.apply(e).ok && (engine as unknown as { noop: boolean }).noop) n++;
  return n;
}

/** A TrackedEvent that never notes a read of its time: an engine given one memoises time-dependent no-ops. */
class Forgetful extends TrackedEvent {
  override get time(): number {
    return this.at;
  }
}

const forgetfulEngine = (profile: NodeLostProfile): Engine => {
  const engine = createEngine({ profile });
  (engine as unknown as { scratch: TrackedEvent }).scratch = new Forgetful();
  return engine;
};

const property = (engineFor: (profile: NodeLostProfile) => Engine, answered: { n: number }) =>
  fc.property(lifecycleArbitrary({ maxSteps: 40 }), (l) => {
    const events = withRepeats(l.events, l.profile);
    answered.n += memoAnswers(events, l.profile);
    const d = divergence(events, l.profile, undefined, engineFor(l.profile));
    if (d !== undefined) throw new Error(d);
  });

describe(`the engine's no-op memo decides as the charts do (seed ${seed})`, () => {
  it('generated lifecycles with repeated events: the engine (memo on) and the cluster machine (no memo) agree at every step', () => {
    const answered = { n: 0 };
    fc.assert(
      property((profile) => createEngine({ profile }), answered),
      { seed, numRuns },
    );
    // The memo did answer events here, so the agreement is not vacuous.
    expect(answered.n).toBeGreaterThan(numRuns);
  });

  it('the check catches an engine whose memo ignores the time: a probe at the millisecond of a failed pull changes nothing, the same probe a second later shows ImagePullBackOff (showPullBackOff)', () => {
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'two', namespace: 'default' },
      spec: {
        containers: [
          { name: 'a', image: 'busybox:1.36' },
          { name: 'b', image: 'nginx:1.25', readinessProbe: { exec: { command: ['true'] } } },
        ],
      },
    };
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(manifest),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('b'),
      ev.probeOk('b', 'readiness'),
      ev.pullFailed('a'),
      now(ev.probeOk('b', 'readiness')),
      ev.probeOk('b', 'readiness'),
    ]);
    expect(divergence(events, 'current')).toBeUndefined();
    expect(divergence(events, 'current', undefined, forgetfulEngine('current'))).toMatch(
      /step 8 \(container\.probe\.succeeded.*differ in the context of Pod/,
    );
  });
});
