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
