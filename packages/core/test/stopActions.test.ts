// The natural facts of a Pod being deleted (nextActions in terminating.stoppingContainers): what
// the scenario auto-driver and explore apply while the kubelet stops the containers.
import { createEngine, type Engine, type EventInput, nextActions } from '@podstate/core';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

function run(steps: Step[]): { engine: Engine; last: number } {
  const engine = createEngine();
  const events = toEvents(steps);
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return { engine, last: Date.parse(events[events.length - 1]!.time) };
}

/** Applies the next natural fact at `at` and returns it (type and data). */
function step(engine: Engine, at: number) {
  const time = new Date(at).toISOString();
  const [a] = nextActions(engine, 'u1', time);
  if (a === undefined) return undefined;
  const r = engine.apply({ ...a, time } as EventInput);
  if (!r.ok) throw new Error(r.rejection.message);
  return `${a.type} ${JSON.stringify(a.data)}`;
}

const images = ev.nodeRegistered('node-1', {}, [
  'nginx:1.25',
  'busybox:1.36',
  'envoy:1.30',
  'fluent-bit:3.0',
]);
const hooksRunning = [
  images,
  ev.podCreated(m.hooks),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('web'),
  ev.postStartOk('web'),
  ev.started('worker'),
];

describe('killContainer during deletion (nextActions while the Pod terminates)', () => {
  it('killContainer: preStop runs first, then the containers exit in spec order, then the Pod is removed', () => {
    const { engine, last } = run([...hooksRunning, ev.deletion(30)]);
    expect(step(engine, last)).toBe('container.prestop.completed {"container":"web"}');
    expect(step(engine, last)).toBe('container.exited {"container":"web","exitCode":0}');
    expect(step(engine, last)).toBe('container.exited {"container":"worker","exitCode":0}');
    expect(step(engine, last)).toBe('pod.removed {}');
    expect(step(engine, last)).toBeUndefined();
  });

  it('killContainer: past the grace deadline the runtime SIGKILLs (137, signal 9) and preStop is skipped', () => {
    const { engine, last } = run([...hooksRunning, ev.deletion(30)]);
    expect(step(engine, last + 30_000)).toBe(
      'container.exited {"container":"web","exitCode":137,"signal":9}',
    );
  });

  it('startContainer: a container still in its postStart hook finishes the hook before it is stopped', () => {
    const { engine, last } = run([...hooksRunning.slice(0, 5), ev.deletion(30)]);
    expect(step(engine, last)).toBe('container.poststart.succeeded {"container":"web"}');
  });

  it('kuberuntime_termination_order: sidecars stop after the app containers, the last sidecar first', () => {
    const { engine, last } = run([
      images,
      ev.podCreated(m.sidecars),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('proxy'),
      ev.probeOk('proxy', 'startup'),
      ev.started('logger'),
      ev.started('app'),
      ev.deletion(30),
    ]);
    expect(step(engine, last)).toBe('container.exited {"container":"app","exitCode":0}');
    expect(step(engine, last)).toBe('container.exited {"container":"logger","exitCode":0}');
    expect(step(engine, last)).toBe('container.exited {"container":"proxy","exitCode":0}');
  });
});
