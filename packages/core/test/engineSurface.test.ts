// The engine's API corners a caller depends on (issue 17: mutants of core/src/engine that no test
// reached): decide() answers what apply() would do without changing the engine, replay() names
// the refused event's seq, an unknown type with no close name gets no "did you mean", parseTime
// reads years 0000-0099 as those years (not 1900-1999), and a container killed by its liveness
// probe runs its preStop hook first (nextActions, killContainer).
import {
  createEngine,
  type Engine,
  type EventInput,
  nextActions,
  normalizePod,
  type Pod,
  parseTime,
  replay,
} from '@podstate/core';
import { ev, toEvents } from '@podstate/core/testing';
import { imageRepository } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: {
    restartPolicy: 'Always',
    terminationGracePeriodSeconds: 20,
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        lifecycle: { preStop: { exec: { command: ['drain'] } } },
        livenessProbe: { exec: { command: ['check'] }, failureThreshold: 1 },
      },
    ],
  },
};
const base = toEvents([
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(manifest),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('web'),
]);

function engineAfter(events: EventInput[]): Engine {
  const engine = createEngine();
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return engine;
}

describe('Engine.decide: the decision apply would take, without taking it', () => {
  it('a refused event: ok false with the refusal check gives; an accepted one: its kind, time, uid and transition; the engine is unchanged', () => {
    const engine = engineAfter(base.slice(0, 2));
    const refused = { ...base[4]!, time: base[1]!.time };
    const d1 = engine.decide(refused);
    expect(d1).toEqual({ ok: false, refusal: engine.check(refused) });
    expect(d1.ok === false && d1.refusal.code).toBe('not_scheduled');
    const before = engine.pods.get('u1');
    const d2 = engine.decide(base[2]!);
    expect(d2.ok).toBe(true);
    if (!d2.ok) return;
    expect(d2.kind).toBe('pod');
    expect(d2.time).toBe(Date.parse(base[2]!.time));
    expect(d2.uid).toBe('u1');
    expect(d2.before).toBe(before);
    expect(d2.transition).toBeDefined();
    // Deciding changed nothing: the Pod is still queued, and the event still applies.
    expect(engine.pods.get('u1')).toBe(before);
    expect(engine.pods.get('u1')!.value).toBe('scheduling.queued');
    const tick = { type: 'clock.advanced', stream: 'cluster', time: base[2]!.time, data: {} };
    expect(engine.decide(tick)).toEqual({
      ok: true,
      kind: 'cluster',
      time: Date.parse(base[2]!.time),
      uid: undefined,
      before: undefined,
      transition: undefined,
    });
    expect(engine.apply(base[2]!).ok).toBe(true);
  });
});

describe('replay: a log must replay cleanly', () => {
  it('an event without a seq that is refused stops the replay with "seq ?" and the refusal', () => {
    const bad = { ...base[4]!, time: base[1]!.time };
    expect(() => replay([...base.slice(0, 2), bad])).toThrow(
      /^replay stopped at seq \?: container\.started for app container "web" of Pod default\/web rejected: /,
    );
  });
});

describe('an input that is not an event object', () => {
  it.each([
    ['undefined', undefined],
    ['a string', 'pod.created'],
    ['a number', 42],
    ['null', null],
  ])('%s is refused with the shape rule (invalid_data), not a TypeError, by check and apply', (_, input) => {
    const engine = createEngine();
    const refusal = {
      code: 'invalid_data',
      rule: 'event.shape',
      message: 'an event must be an object {stream, type, time, data}',
    };
    expect(engine.check(input as never)).toEqual(refusal);
    const r = engine.apply(input as never);
    expect(
      r.ok ? 'accepted' : { code: r.rejection.code, rule: r.rejection.rule, message: r.rejection.message },
    ).toEqual(refusal);
  });
});

describe('nodeForBinding: the node a Pod binds to while no node is registered (an implicit node)', () => {
  it('TaintToleration.Filter: an implicit node a bound Pod made, once lost, is not ready for the next binding (the same node, not a fresh one)', () => {
    const pod = (name: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name },
      spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
    });
    const engine = createEngine();
    const events = toEvents([
      ev.podCreated(pod('first'), 'u1'),
      ev.scheduled(),
      ev.nodeLost(),
      ev.podCreated(pod('second'), 'u2'),
      { ...ev.scheduled(), stream: 'pod/u2' },
    ]);
    for (const e of events.slice(0, -1)) expect(engine.apply(e).ok, e.type).toBe(true);
    const r = engine.apply(events[events.length - 1]!);
    expect(r.ok ? 'accepted' : r.rejection.message).toBe(
      'pod.scheduled for Pod default/second rejected: node "node-1" is not ready (node.lost): the scheduler does not bind to it',
    );
  });
});

describe('normalizePod: one manifest object, many events', () => {
  it('a manifest is normalised once per uid (the Pod a replay makes again and again is the same object), each uid getting its own copy with its uid', () => {
    const m = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'a', image: 'nginx' }] },
    } as unknown as Pod;
    const u1 = normalizePod(m, 'u1');
    const u2 = normalizePod(m, 'u2');
    expect(u1.metadata.uid).toBe('u1');
    expect(u2.metadata.uid).toBe('u2');
    expect(normalizePod(m, 'u1')).toBe(u1);
    expect(normalizePod(m, 'u2')).toBe(u2);
    expect(u1.spec.containers[0]!.image).toBe('nginx');
    expect(u1).not.toBe(m);
  });
});

describe('envelopeRefusal: unknown event types', () => {
  it('a type with no close catalogue name is refused without a "did you mean"', () => {
    const engine = createEngine({ trusted: true });
    const r = engine.check({ type: 'zzzzzzzzzzzz', time: base[0]!.time, stream: 'cluster', data: {} });
    expect(r?.code).toBe('unknown_event_type');
    expect(r?.message).toBe('unknown event type "zzzzzzzzzzzz"');
  });
});

describe('parseTime: RFC 3339 in the log form', () => {
  it('metav1.Time.UnmarshalJSON → time.Parse(time.RFC3339): date-fullyear is four digits, so 0000-0099 are years 0-99 (not 1900-1999 as Date.UTC reads them), February 29 of year 0 included', () => {
    for (const [s, year, month, day] of [
      ['0050-03-01T00:00:00.000Z', 50, 3, 1],
      ['0099-12-31T23:59:59Z', 99, 12, 31],
      ['0001-01-15T10:20:30.400Z', 1, 1, 15],
      // Proleptic Gregorian: year 0 (1 BC) and year 4 are leap years, 1900 is not.
      ['0000-02-29T00:00:00.000Z', 0, 2, 29],
      ['0004-02-29T00:00:00.000Z', 4, 2, 29],
      ['0096-02-29T12:00:00Z', 96, 2, 29],
    ] as const) {
      const t = new Date(parseTime(s));
      expect([t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate()], s).toEqual([year, month, day]);
      // The same instant the append-time check (Date.parse) read.
      expect(parseTime(s), s).toBe(Date.parse(s));
      expect(t.toISOString().slice(0, 19), s).toBe(s.slice(0, 19));
    }
  });
});

describe('nextActions: killContainer after a liveness failure (not a deletion)', () => {
  it('the preStop hook runs first, then SIGTERM (143); past the grace period SIGKILL (137) without preStop', () => {
    const killed = [
      ...base,
      ...toEvents([ev.probeFailed('web', 'liveness')], Date.parse(base[4]!.time) + 1000),
    ];
    const at = killed[killed.length - 1]!.time;
    const engine = engineAfter(killed);
    expect(nextActions(engine, 'u1', at)).toEqual([
      { stream: 'pod/u1', type: 'container.prestop.completed', data: { container: 'web' } },
    ]);
    const late = new Date(Date.parse(at) + 20_000).toISOString();
    expect(nextActions(engine, 'u1', late)).toEqual([
      { stream: 'pod/u1', type: 'container.exited', data: { container: 'web', exitCode: 137, signal: 9 } },
    ]);
  });
});

describe('imageRepository: the repository part of a runtime imageID (repo@sha256:…)', () => {
  it('docker reference ParseNormalizedNamed without tag or digest: library images, registries with ports, digests', () => {
    expect(imageRepository('nginx')).toBe('docker.io/library/nginx');
    expect(imageRepository('nginx:1.25')).toBe('docker.io/library/nginx');
    expect(imageRepository('docker.io/nginx:1.25')).toBe('docker.io/library/nginx');
    expect(imageRepository('localhost:5000/app')).toBe('localhost:5000/app');
    expect(imageRepository('localhost:5000/app:1')).toBe('localhost:5000/app');
    expect(imageRepository('quay.io/org/app:v2')).toBe('quay.io/org/app');
    const digest = `sha256:${'a'.repeat(64)}`;
    expect(imageRepository(`nginx@${digest}`)).toBe('docker.io/library/nginx');
    expect(imageRepository(`localhost:5000/app:1@${digest}`)).toBe('localhost:5000/app');
  });
});

describe('nextActions: the kubelet’s next fact for a running Pod (kubeletAction)', () => {
  const pod = (container: Record<string, unknown>) =>
    toEvents([
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
    ]);

  it('startContainer: a container in its postStart hook finishes the hook first (container.poststart.succeeded)', () => {
    const events = pod({ lifecycle: { postStart: { exec: { command: ['warm'] } } } });
    const engine = engineAfter(events);
    expect(nextActions(engine, 'u1', events[events.length - 1]!.time)).toEqual([
      { stream: 'pod/u1', type: 'container.poststart.succeeded', data: { container: 'web' } },
    ]);
  });

  it('without probeDue every probe is due: a started-but-not-startup-passed container gets its startup success', () => {
    const events = pod({ startupProbe: { exec: { command: ['check'] } } });
    const engine = engineAfter(events);
    // A startup probe that is not due yields nothing (the kubelet probes every periodSeconds).
    const at = events[events.length - 1]!.time;
    expect(nextActions(engine, 'u1', at, { probeDue: (_, probe) => probe === 'readiness' })).toEqual([]);
    expect(nextActions(engine, 'u1', events[events.length - 1]!.time)).toEqual([
      { stream: 'pod/u1', type: 'container.probe.succeeded', data: { container: 'web', probe: 'startup' } },
    ]);
  });

  it('a container whose pull is in back-off does not hold up the next container (its readiness success comes)', () => {
    const two = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'two', namespace: 'default' },
        spec: {
          containers: [
            { name: 'cache', image: 'redis:7.2' },
            { name: 'web', image: 'nginx:1.25', readinessProbe: { exec: { command: ['check'] } } },
          ],
        },
      }),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
      ev.pullFailed('cache'),
      ev.started('web'),
    ]);
    const engine = engineAfter(two);
    const at = two[two.length - 1]!.time;
    expect(
      engine.check({
        stream: 'pod/u1',
        type: 'container.image.pulled',
        data: { container: 'cache' },
        time: at,
      })?.code,
    ).toBe('pull_backoff');
    expect(nextActions(engine, 'u1', at)).toEqual([
      { stream: 'pod/u1', type: 'container.probe.succeeded', data: { container: 'web', probe: 'readiness' } },
    ]);
  });

  const initPod = (initContainers: unknown[]) =>
    toEvents([
      ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'envoy:1.30', 'nginx:1.25']),
      ev.podCreated({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'inits', namespace: 'default' },
        spec: { initContainers, containers: [{ name: 'web', image: 'nginx:1.25' }] },
      }),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
    ]);

  it('computeInitContainerActions: a running init container exits 0, then the next one is started', () => {
    const events = [
      ...initPod([
        { name: 'a', image: 'busybox:1.36' },
        { name: 'b', image: 'busybox:1.36' },
      ]),
    ];
    events.push(...toEvents([ev.started('a')], Date.parse(events[3]!.time) + 1000));
    // A running regular init container's natural next fact is its successful exit.
    expect(nextActions(engineAfter(events), 'u1', events[events.length - 1]!.time)).toEqual([
      { stream: 'pod/u1', type: 'container.exited', data: { container: 'a', exitCode: 0 } },
    ]);
    events.push(...toEvents([ev.exited('a', 0)], Date.parse(events[events.length - 1]!.time) + 1000));
    const engine = engineAfter(events);
    expect(nextActions(engine, 'u1', events[events.length - 1]!.time)).toEqual([
      { stream: 'pod/u1', type: 'container.started', data: { container: 'b' } },
    ]);
  });

  it('EnsureImageExists: an IfNotPresent image absent from the node is pulled before the start', () => {
    const events = initPod([]).slice(0, 1);
    events.push(
      ...toEvents(
        [
          ev.podCreated({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'cache', namespace: 'default' },
            spec: { containers: [{ name: 'cache', image: 'redis:7.2', imagePullPolicy: 'IfNotPresent' }] },
          }),
          ev.scheduled('node-1'),
          ev.sandboxReady(),
        ],
        Date.parse(events[0]!.time) + 1000,
      ),
    );
    const engine = engineAfter(events);
    expect(nextActions(engine, 'u1', events[events.length - 1]!.time)).toEqual([
      { stream: 'pod/u1', type: 'container.image.pulled', data: { container: 'cache' } },
    ]);
  });

  it('startContainer: an image already on the node is not pulled again when the config fails (EnsureImageExists, then generateContainerConfig: CreateContainerConfigError)', () => {
    const events = initPod([]).slice(0, 1);
    events.push(
      ...toEvents(
        [
          ev.podCreated({
            apiVersion: 'v1',
            kind: 'Pod',
            metadata: { name: 'cfg', namespace: 'default' },
            spec: {
              containers: [
                { name: 'web', image: 'nginx:1.25', envFrom: [{ configMapRef: { name: 'settings' } }] },
              ],
            },
          }),
          ev.scheduled('node-1'),
          ev.sandboxReady(),
        ],
        Date.parse(events[0]!.time) + 1000,
      ),
    );
    const engine = engineAfter(events);
    const at = events[events.length - 1]!.time;
    const start = { stream: 'pod/u1', type: 'container.started', data: { container: 'web' }, time: at };
    expect(engine.check(start)?.code).toBe('config_missing');
    // The engine would take a pull, but the kubelet pulls an IfNotPresent image only when it is absent.
    expect(engine.check({ ...start, type: 'container.image.pulled' })).toBeUndefined();
    expect(nextActions(engine, 'u1', at)).toEqual([]);
  });
});
