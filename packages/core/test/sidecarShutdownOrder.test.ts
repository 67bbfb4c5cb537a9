// The natural facts the kubelet produces when a Pod's work is done or the Pod is deleted, for a
// Pod with sidecars (nextActions; kuberuntime_termination_order.go: regular containers stop
// first, sidecars in reverse spec order).
import { createEngine, type Engine, nextActions } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const mesh = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'mesh', namespace: 'default' },
  spec: {
    restartPolicy: 'Never',
    initContainers: [
      { name: 'a', image: 'nginx:1.25', restartPolicy: 'Always' },
      { name: 'b', image: 'nginx:1.25', restartPolicy: 'Always' },
    ],
    containers: [
      { name: 'app', image: 'nginx:1.25' },
      { name: 'web', image: 'nginx:1.25' },
    ],
  },
};
const running: Step[] = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(mesh),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('a'),
  ev.started('b'),
  ev.started('app'),
  ev.started('web'),
];

function play(steps: Step[]): { engine: Engine; last: number } {
  const engine = createEngine();
  let last = 0;
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
    last = Date.parse(e.time);
  }
  return { engine, last };
}

/** Applies the kubelet's next facts one by one (1 s apart) until none is due; returns them. */
function drain(engine: Engine, from: number, limit = 10): string[] {
  const out: string[] = [];
  for (let i = 1; i <= limit; i++) {
    const at = new Date(from + i * 1000).toISOString();
    const [a] = nextActions(engine, 'u1', at);
    if (a === undefined) break;
    const r = engine.apply({ ...a, time: at });
    if (!r.ok) throw new Error(`${a.type} refused: ${r.rejection.message}`);
    const d = a.data as { container?: string; exitCode?: number };
    out.push(`${a.type} ${d.container ?? ''} ${d.exitCode ?? ''}`.trim());
  }
  return out;
}

describe('the kubelet stops the sidecars once the app containers are done (Never)', () => {
  it('the last sidecar first, each with exit 0, then the Pod Succeeded', () => {
    const { engine, last } = play([...running, ev.exited('app', 0), ev.exited('web', 0)]);
    expect(drain(engine, last)).toEqual(['container.exited b 0', 'container.exited a 0']);
    expect(engine.pods.get('u1')!.value).toBe('finished.succeeded');
  });

  it('nothing is due for the sidecars while an app container still runs', () => {
    const { engine, last } = play([...running, ev.exited('app', 0)]);
    // web runs on; app (Never, exit 0) is done: the kubelet has nothing to do yet.
    expect(nextActions(engine, 'u1', new Date(last + 1000).toISOString())).toEqual([]);
    expect(engine.pods.get('u1')!.value).toBe('containers.running');
  });
});

describe('killContainer on deletion: regular containers first, then the sidecars in reverse spec order', () => {
  it('app and web exit, then b, then a; the Pod is removed', () => {
    const { engine, last } = play([...running, ev.deletion(30)]);
    expect(drain(engine, last)).toEqual([
      'container.exited app 0',
      'container.exited web 0',
      'container.exited b 0',
      'container.exited a 0',
      'pod.removed',
    ]);
    expect(engine.pods.has('u1')).toBe(false);
  });
});
