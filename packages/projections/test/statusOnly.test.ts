import { createEngine, type EventInput } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { StatusProjection } from '@podstate/projections';
import { describe, expect, it } from 'vitest';

// `podstate get pods` lists one namespace (without -A), so its status fold follows only that
// namespace's Pods (StatusProjection.only): what it shows must equal the full fold's.

const pod = (namespace: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace },
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.25', readinessProbe: { exec: { command: ['true'] } } }],
  },
});
const on = (uid: string, step: Step): Step => ({ ...step, stream: `pod/${uid}` });

const events: EventInput[] = toEvents([
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(pod('a'), 'u1'),
  ev.podCreated(pod('b'), 'u2'),
  on('u1', ev.scheduled()),
  on('u2', ev.scheduled()),
  on('u1', ev.sandboxReady('10.244.0.5')),
  on('u2', ev.sandboxReady('10.244.0.6')),
  on('u1', ev.started('app')),
  on('u2', ev.started('app')),
  on('u1', ev.probeOk('app', 'readiness')),
  on('u2', ev.probeOk('app', 'readiness')),
  ev.nodeLost(),
  ev.nodeRecovered(),
  on('u2', ev.probeOk('app', 'readiness')),
]);

describe('StatusProjection.only: a fold of one namespace', () => {
  it("gives that namespace's Pods the full fold's objects (conditions and their lastTransitionTime) after every event, node loss included", () => {
    const engine = createEngine();
    const full = new StatusProjection();
    const only = new StatusProjection().only('a');
    for (const e of events) {
      const r = engine.apply(e);
      expect(r.ok, e.type).toBe(true);
      if (!r.ok) return;
      full.apply(engine, r.transition);
      only.apply(engine, r.transition);
      if (engine.pods.has('u1')) {
        const now = r.transition.time;
        expect(only.get(engine, 'u1', now)).toEqual(full.get(engine, 'u1', now));
      }
    }
    expect(full.get(engine, 'u1', 0)?.status.conditions?.length).toBeGreaterThan(0);
  });

  it('refuses to answer for another namespace or to be snapshot (a podstate bug, not a wrong status)', () => {
    const engine = createEngine();
    const only = new StatusProjection().only('a');
    for (const e of events) {
      const r = engine.apply(e);
      if (r.ok) only.apply(engine, r.transition);
    }
    expect(() => only.get(engine, 'u2', 0)).toThrow(
      /podstate bug: Pod b\/web read from a status fold of namespace a alone/,
    );
    expect(() => only.snapshot()).toThrow(/podstate bug/);
  });
});
