// restoreEngine and stateAt as a caller uses them (issue 17: mutants of snapshot.ts and
// timeTravel.ts): a restored engine finds its Pods by name, a snapshot of another version is bad
// input, a time given in milliseconds stops the replay there, a missing revision is bad input.
import { createEngine, createMemoryLog, PodstateError, restoreEngine, stateAt } from '@podstate/core';
import { ev, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const manifest = (name: string, namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, ...(namespace ? { namespace } : {}) },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
});

describe('restoreEngine', () => {
  it('the restored engine finds each live Pod by namespace/name, and refuses a second Pod of a taken name', () => {
    const engine = createEngine();
    for (const e of toEvents([
      ev.podCreated(manifest('web')),
      ev.podCreated(manifest('web', 'team-a'), 'u2'),
    ]))
      engine.apply(e);
    const restored = restoreEngine(JSON.parse(JSON.stringify(engine.snapshot())));
    expect(restored.podByName('web')?.ctx.uid).toBe('u1');
    expect(restored.podByName('team-a/web')?.ctx.uid).toBe('u2');
    const [again] = toEvents([ev.podCreated(manifest('web'), 'u3')], Date.UTC(2026, 0, 1, 1));
    const r = restored.apply(again!);
    expect(r.ok ? 'accepted' : r.rejection.code).toBe('name_taken');
  });

  it('a snapshot of another version is bad input (PodstateError bad_input), naming the version', () => {
    const snapshot = { ...createEngine().snapshot(), v: 2 } as unknown as Parameters<typeof restoreEngine>[0];
    let thrown: unknown;
    try {
      restoreEngine(snapshot);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(PodstateError);
    expect(thrown).toMatchObject({
      code: 'bad_input',
      message: 'restoreEngine: snapshot version 2 is not supported (expected 1)',
    });
  });
});

describe('stateAt', () => {
  async function log() {
    const l = createMemoryLog();
    await l.append('pod/u1', [{ type: 'pod.created', time: T(0), data: { manifest: manifest('web') } }]);
    await l.append('node/n1', [{ type: 'node.registered', time: T(1), data: { node: 'n1' } }]);
    await l.append('pod/u1', [
      { type: 'pod.scheduled', time: T(2), data: { node: 'n1' } },
      { type: 'pod.sandbox.ready', time: T(3), data: { podIP: '10.244.0.9' } },
    ]);
    return l;
  }

  it('a time in milliseconds stops the replay after the last event at or before it', async () => {
    const e = await stateAt(await log(), { time: Date.parse(T(2)) });
    expect(e.podByName('web')?.value).toBe('sandbox.creating');
    expect(e.podByName('web')?.ctx.podIP).toBeUndefined();
  });

  it('a revision the stream never reached is bad input (PodstateError bad_input)', async () => {
    await expect(stateAt(await log(), { stream: 'pod/u1', rev: 9 })).rejects.toMatchObject({
      code: 'bad_input',
      message: 'stream pod/u1 has no revision 9',
    });
  });
});

describe('engine.snapshot(): everything the engine knows, as JSON', () => {
  it('the profile, the last seq and time, each node with its image cache sorted, every Secret, ConfigMap, live and removed Pod; restoreEngine of it gives the same snapshot', () => {
    const engine = createEngine();
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['redis:7.2', 'busybox:1.36', 'nginx:1.25']),
      ev.secretApplied('db', { password: 'cGFzcw==' }),
      ev.configMapApplied('settings', { mode: 'fast' }),
      ev.podCreated(manifest('gone'), 'u9'),
      // An unbound Pod is removed when its deletion is requested.
      { ...ev.deletion(0), stream: 'pod/u9' },
      ev.podCreated(manifest('web'), 'u1'),
    ]).map((e, i) => ({ ...e, seq: i + 1 }));
    for (const e of events) expect(engine.apply(e).ok, e.type).toBe(true);
    const snap = engine.snapshot();
    expect(snap.profile).toBe('current');
    expect(snap.seq).toBe(6);
    expect(snap.time).toBe(Date.parse(events[5]!.time));
    expect(snap.nodes.map((n) => [n.name, n.images])).toEqual([
      [
        'node-1',
        ['docker.io/library/busybox:1.36', 'docker.io/library/nginx:1.25', 'docker.io/library/redis:7.2'],
      ],
    ]);
    expect(snap.secrets).toMatchObject([{ namespace: 'default', name: 'db' }]);
    expect(snap.configMaps).toMatchObject([{ namespace: 'default', name: 'settings' }]);
    expect(snap.pods.map((p) => p.ctx.uid)).toEqual(['u1']);
    // A container that never ran: nothing pending for it (no stop, no run left over from a sandbox).
    expect(snap.pods[0]!.ctx.containers[0]!.ctx).toMatchObject({ stopped: false, needsRun: false });
    expect(snap.removed).toMatchObject([{ uid: 'u9', namespace: 'default', name: 'gone' }]);
    const restored = restoreEngine(JSON.parse(JSON.stringify(snap)));
    expect(restored.snapshot()).toEqual(snap);
    expect(restored.seq).toBe(6);
  });

  it('engine.seq is the seq of the last applied event that carries one (0 before any); an event without a seq leaves it', () => {
    const engine = createEngine();
    expect(engine.seq).toBe(0);
    const [a, b] = toEvents([ev.nodeRegistered('node-1'), ev.nodeRegistered('node-2')]);
    expect(engine.apply({ ...a!, seq: 41 }).ok).toBe(true);
    expect(engine.seq).toBe(41);
    expect(engine.apply(b!).ok).toBe(true);
    expect(engine.seq).toBe(41);
  });
});
