// What explore's generator asks the engine (docs/decisions.md "explore, session 9"): the same
// events as before, with fewer engine.check calls. enabledPodFacts leaves the ending facts out
// unless they may be drawn; chartsTake says which kubelet facts the charts have no transition for
// (the engine refuses those); nextActions asks once about the action it returns.
import { createEngine, type Engine, enabledEvents, nextActions } from '@podstate/core';
import { chartsTake, enabledPodFacts } from '@podstate/core/internal';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const AT = '2026-01-01T00:10:00.000Z';

function engineAfter(steps: Step[]): Engine {
  const engine = createEngine();
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return engine;
}

const ENDING = ['pod.deletion.requested', 'pod.evicted', 'pod.removed'];
const running = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m.plain),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('app'),
];

describe('enabledPodFacts: the Pod’s own enabled facts, the ending ones only when asked for', () => {
  it('with the ending facts: exactly enabledEvents(…, "pod"), deletion and both evictions included', () => {
    const engine = engineAfter(running);
    const all = enabledEvents(engine, 'u1', AT, 'pod');
    expect(all.map((a) => a.type)).toEqual(expect.arrayContaining(['pod.deletion.requested', 'pod.evicted']));
    expect(enabledPodFacts(engine, 'u1', AT, true)).toEqual(all);
  });

  it('without them: the same list with deletion, eviction and removal left out, in the same order', () => {
    const engine = engineAfter(running);
    const all = enabledEvents(engine, 'u1', AT, 'pod');
    const rest = enabledPodFacts(engine, 'u1', AT, false);
    expect(rest).toEqual(all.filter((a) => !ENDING.includes(a.type)));
    expect(rest.length).toBeGreaterThan(0);
    // A Pod waiting for its removal offers nothing else.
    const deleted = engineAfter([...running, ev.deletion()]);
    while (deleted.pods.get('u1')?.value !== 'terminating.awaitingRemoval') {
      const [a] = nextActions(deleted, 'u1', AT);
      if (a === undefined) throw new Error('no natural fact left before removal');
      deleted.apply({ ...a, time: AT });
    }
    expect(enabledPodFacts(deleted, 'u1', AT, true).map((a) => a.type)).toContain('pod.removed');
    expect(enabledPodFacts(deleted, 'u1', AT, false).map((a) => a.type)).not.toContain('pod.removed');
  });
});

describe('nextActions asks the engine once about the action it returns', () => {
  it('a waiting container’s start, found accepted by the kubelet’s try, is not asked again (Engine.chartRuns)', () => {
    const engine = engineAfter(running.slice(0, 4));
    const before = engine.chartRuns;
    const [a] = nextActions(engine, 'u1', AT);
    expect(a).toEqual({ stream: 'pod/u1', type: 'container.started', data: { container: 'app' } });
    expect(engine.chartRuns - before).toBe(1);
    // …and the answer is still the engine's: the start is accepted.
    expect(engine.apply({ ...a!, time: AT }).ok).toBe(true);
  });

  it('a binding found accepted by the scheduler’s try is not asked again either', () => {
    const engine = engineAfter(running.slice(0, 2));
    const before = engine.chartRuns;
    expect(nextActions(engine, 'u1', AT)).toEqual([
      { stream: 'pod/u1', type: 'pod.scheduled', data: { node: 'node-1' } },
    ]);
    expect(engine.chartRuns - before).toBe(1);
  });
});

describe('chartsTake: a container fact the Pod or container chart has no transition for now', () => {
  const PREPARE = ['container.image.pulling', 'container.created'] as const;
  const judge = (steps: Step[]) => {
    const engine = engineAfter(steps);
    const pod = engine.pods.get('u1')!;
    return PREPARE.map((type) => ({
      type,
      takes: chartsTake(pod, pod.ctx.containers[0]!, type),
      refused: engine.check({ stream: 'pod/u1', type, data: { container: 'app' }, time: AT })?.code,
    }));
  };

  it('a container waiting for its turn on a bound Pod: both charts take the pull and the creation', () => {
    const [pulling, created] = judge(
      running.slice(0, 4).map((s, i) => (i === 0 ? ev.nodeRegistered('node-1') : s)),
    );
    expect(pulling).toEqual({ type: 'container.image.pulling', takes: true, refused: undefined });
    // The charts take it; the engine's rules may still refuse (no image yet): chartsTake only rules out.
    expect(created!.takes).toBe(true);
  });

  it('a running container: the container chart has no transition (the Pod chart has), so no, and the engine refuses', () => {
    for (const j of judge(running))
      expect(j).toEqual({ type: j.type, takes: false, refused: 'container_state' });
  });

  it('a Pod waiting for its removal or for scheduling: the Pod chart has none (the container chart has), so no, and the engine refuses', () => {
    for (const j of judge([...running.slice(0, 4), ev.deletion()]))
      expect(j).toEqual({ type: j.type, takes: false, refused: 'pod_finished' });
    for (const j of judge([ev.podCreated(m.plain)]))
      expect(j).toEqual({ type: j.type, takes: false, refused: 'not_scheduled' });
  });
});
