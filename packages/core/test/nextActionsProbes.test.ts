// nextActions asks `probeDue` about each probe by its name (issue 17: mutants of nextActions'
// kubeletAction): the scenario auto-driver answers per probe kind (prober worker.go doProbe runs
// each probe on its own periodSeconds ticker), so a startup probe that is due gives its success
// even while no readiness probe is due, and the other way round.
import { createEngine, type EventInput, nextActions } from '@podstate/core';
import { ev, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

function after(container: Record<string, unknown>, extra: ReturnType<typeof ev.started>[] = []) {
  const events: EventInput[] = toEvents([
    ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
    ev.podCreated({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx:1.25', ...container }] },
    }),
    ev.scheduled('node-1'),
    ev.sandboxReady(),
    ev.started('web'),
    ...extra,
  ]);
  const engine = createEngine();
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return { engine, at: events[events.length - 1]!.time };
}

describe('nextActions: probeDue is asked per probe kind (doProbe, one ticker per probe)', () => {
  const probes = {
    startupProbe: { exec: { command: ['started'] } },
    readinessProbe: { exec: { command: ['ready'] } },
  };

  it('a due startup probe gives its success while no readiness probe is due', () => {
    const { engine, at } = after(probes);
    const actions = nextActions(engine, 'u1', at, { probeDue: (_, probe) => probe === 'startup' });
    expect(actions).toEqual([
      { stream: 'pod/u1', type: 'container.probe.succeeded', data: { container: 'web', probe: 'startup' } },
    ]);
  });

  it('after the startup probe passed, a due readiness probe gives its success while no startup probe is due', () => {
    const { engine, at } = after(probes, [ev.probeOk('web', 'startup')]);
    const actions = nextActions(engine, 'u1', at, { probeDue: (_, probe) => probe === 'readiness' });
    expect(actions).toEqual([
      { stream: 'pod/u1', type: 'container.probe.succeeded', data: { container: 'web', probe: 'readiness' } },
    ]);
  });

  it('a readiness probe that is not due yields nothing (the Pod waits for the prober)', () => {
    const { engine, at } = after({ readinessProbe: probes.readinessProbe });
    expect(nextActions(engine, 'u1', at, { probeDue: () => false })).toEqual([]);
    expect(nextActions(engine, 'u1', at)).toEqual([
      { stream: 'pod/u1', type: 'container.probe.succeeded', data: { container: 'web', probe: 'readiness' } },
    ]);
  });
});
