import { createEngine } from '@podstate/core';
import { canonicalJSON, ev, given, builtInManifests as m, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const up = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m.plain),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
];

describe('bad input: refused with a reason, nothing changes', () => {
  it('time going backwards is refused', () => {
    const engine = createEngine();
    for (const e of toEvents(up)) expect(engine.apply(e).ok).toBe(true);
    const before = canonicalJSON(engine.snapshot());
    const r = engine.apply({
      stream: 'pod/u1',
      type: 'container.exited',
      time: '2025-12-31T23:59:00.000Z',
      data: { container: 'app', exitCode: 1 },
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.rejection.code).toBe('time_backwards');
    expect(canonicalJSON(engine.snapshot())).toBe(before);
  });

  it('an event for an unknown Pod names the uid and the fix', () => {
    const r = given(...up)
      .when({ ...ev.started('app'), stream: 'pod/nope' })
      .thenRejected('unknown_pod');
    expect(r.message).toBe('container.started rejected: no Pod has uid nope (pod.created first)');
  });

  it("an event for an unknown container lists the Pod's containers", () => {
    const r = given(...up)
      .when(ev.started('ap'))
      .thenRejected('no_such_container');
    expect(r.message).toBe(
      'container.started for container "ap" of Pod default/plain rejected: Pod default/plain has no container "ap" (containers: app)',
    );
  });

  it('a container named like an Object property ("constructor", "toString") is unknown too, not a crash', () => {
    for (const name of ['constructor', 'toString', '__proto__']) {
      const r = given(...up)
        .when(ev.started(name))
        .thenRejected('no_such_container');
      expect(r.message).toBe(
        `container.started for container "${name}" of Pod default/plain rejected: Pod default/plain has no container "${name}" (containers: app)`,
      );
    }
  });

  it('an unknown event type suggests the nearest name', () => {
    const engine = createEngine();
    const r = engine.apply({
      stream: 'pod/u1',
      type: 'container.strated',
      time: '2026-01-01T00:00:00.000Z',
      data: {},
    });
    expect(r.ok).toBe(false);
    if (!r.ok)
      expect(r.rejection.message).toBe(
        'unknown event type "container.strated"; did you mean "container.started"?',
      );
  });

  it('a pod event on a cluster stream is refused', () => {
    given(...up)
      .when({ ...ev.started('app'), stream: 'node/node-1' })
      .thenRejected('wrong_stream');
  });

  it('a UID is never reused, and a live name is not created twice', () => {
    given(...up)
      .when(ev.podCreated(m.plain, 'u1'))
      .thenRejected('uid_reused');
    given(...up)
      .when(ev.podCreated(m.plain, 'u2'))
      .thenRejected('name_taken');
  });

  it('a rejection names the broken rule: an app container before its init container', () => {
    const init = [
      ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25']),
      ev.podCreated(m.initChain),
      ev.scheduled(),
      ev.sandboxReady(),
    ];
    const r = given(...init)
      .when(ev.started('app'))
      .thenRejected('init_not_completed');
    expect(r).toMatchObject({
      rule: 'computeInitContainerActions',
      message:
        'container.started for app container "app" of Pod default/init-chain rejected: init container "setup" has not completed',
    });
  });

  it('a rejected event leaves the engine deep-equal to before', () => {
    const refusals = [
      ev.started('app'),
      ev.sandboxReady(),
      ev.scheduled('node-2'),
      ev.removed(),
      ev.preStopDone('app'),
      ev.probeOk('app', 'liveness'),
    ];
    for (const r of refusals) {
      const o = given(...up).when(r).outcome;
      expect(o.result.ok).toBe(false);
      expect(o.after).toBe(o.before);
    }
  });

  it('decide: check() gives exactly the coded refusal apply() gives, and accepts what apply() accepts', () => {
    const engine = createEngine();
    const events = toEvents([
      ...up,
      ev.started('app'),
      ev.sandboxReady(),
      ev.scheduled('node-2'),
      ev.removed(),
      ev.preStopDone('app'),
      ev.probeOk('app', 'liveness'),
      ev.exited('app', 1),
      ev.started('app'),
    ]);
    const codes: string[] = [];
    for (const e of events) {
      const checked = engine.check(e);
      const r = engine.apply(e);
      if (r.ok) expect(checked).toBeUndefined();
      else {
        const { event, ...refusal } = r.rejection;
        expect(event).toBe(e);
        expect(checked).toEqual(refusal);
        codes.push(refusal.code);
      }
    }
    expect(codes).toEqual([
      'container_state',
      'sandbox_exists',
      'already_bound',
      'deletion_not_requested',
      'not_deleting',
      'no_probe',
    ]);
  });
});
