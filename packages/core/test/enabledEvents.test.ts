// enabledEvents (what a generator may draw next for a Pod) and settle (applying natural facts
// until none is due), on real engines.
import { createEngine, type Engine, enabledEvents, settle } from '@podstate/core';
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

const kinds = (engine: Engine, only?: 'pod' | 'container') =>
  enabledEvents(engine, 'u1', AT, only).map((a) => `${a.type} ${JSON.stringify(a.data)}`);

describe('enabledEvents: the events the engine would accept for a Pod now', () => {
  it('an unknown Pod has none', () => {
    expect(enabledEvents(createEngine(), 'nope', AT)).toEqual([]);
  });

  it('a gated Pod offers removing its first gate, not scheduling', () => {
    const engine = engineAfter([ev.podCreated(m.onFailureMesh)]);
    const offered = kinds(engine);
    expect(offered).toContain('pod.scheduling-gates.removed {"gates":["example.com/quota"]}');
    expect(offered.some((k) => k.startsWith('pod.scheduled'))).toBe(false);
  });

  it('with no registered node the Pod may bind to node-1 (an implicit node); with nodes, to each of them', () => {
    expect(kinds(engineAfter([ev.podCreated(m.plain)]))).toContain('pod.scheduled {"node":"node-1"}');
    const two = engineAfter([ev.nodeRegistered('a'), ev.nodeRegistered('b'), ev.podCreated(m.plain)]);
    const scheduled = kinds(two).filter((k) => k.startsWith('pod.scheduled'));
    expect(scheduled).toEqual(['pod.scheduled {"node":"a"}', 'pod.scheduled {"node":"b"}']);
  });

  it('a container in its postStart hook: the hook may succeed or fail; the container facts only when asked for them', () => {
    const engine = engineAfter([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'busybox:1.36']),
      ev.podCreated(m.hooks),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
      ev.started('web'),
    ]);
    expect(engine.pods.get('u1')?.ctx.containers[0]?.value).toBe('running.postStart');
    const all = kinds(engine);
    expect(all).toContain('container.poststart.succeeded {"container":"web"}');
    expect(all).toContain('container.poststart.failed {"container":"web","message":"hook failed"}');
    expect(kinds(engine, 'container')).toEqual(all.filter((k) => k.startsWith('container.')));
    expect(kinds(engine, 'pod')).toEqual(all.filter((k) => k.startsWith('pod.')));
  });
});

describe('settle: natural facts until none is due', () => {
  const bound = [
    ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
    ev.podCreated(m.plain),
    ev.scheduled('node-1'),
  ];

  it('a bound Pod gets its sandbox and its container runs; the facts are returned in order and applied', () => {
    const engine = engineAfter(bound);
    const applied = settle(engine, 'u1', AT);
    expect(applied.map((a) => a.type).slice(0, 2)).toEqual(['pod.sandbox.ready', 'container.started']);
    expect(engine.pods.get('u1')?.ctx.containers[0]?.value).toMatch(/^running/);
    expect(settle(engine, 'u1', AT)).toEqual([]);
  });

  it('until stops it before the next fact; limit caps the number of facts', () => {
    const engine = engineAfter(bound);
    expect(settle(engine, 'u1', AT, () => true)).toEqual([]);
    expect(engine.pods.get('u1')?.value).toBe('sandbox.creating');
    expect(settle(engine, 'u1', AT, undefined, 1).map((a) => a.type)).toEqual(['pod.sandbox.ready']);
    let n = 0;
    expect(settle(engine, 'u1', AT, () => n++ >= 1)).toHaveLength(1);
  });
});
