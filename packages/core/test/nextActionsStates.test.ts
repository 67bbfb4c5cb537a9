// nextActions in each Pod state the scheduler, the kubelet's sandbox and its container sync act in
// (issue 17: mutants of nextActions' state switch): the natural next fact in each.
import { createEngine, type Engine, type EventInput, nextActions, normalizePod } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { podIPFor } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

function engineAfter(steps: Step[]): { engine: Engine; at: string } {
  const engine = createEngine();
  const events: EventInput[] = toEvents(steps);
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return { engine, at: events[events.length - 1]!.time };
}
const manifest = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default' },
  spec: { containers: [{ name: 'web', image: 'nginx:1.25' }], ...spec },
});
const node = ev.nodeRegistered('node-1', { disk: 'ssd' }, ['nginx:1.25', 'busybox:1.36', 'envoy:1.30']);
const next = (state: string, steps: Step[]) => {
  const { engine, at } = engineAfter(steps);
  expect(engine.pods.get('u1')!.value).toBe(state);
  return nextActions(engine, 'u1', at).map((a) => ({ type: a.type, data: a.data }));
};

describe('nextActions by Pod state', () => {
  it('scheduling.unschedulable: once a fitting node registers the scheduler binds the Pod there', () => {
    expect(
      next('scheduling.unschedulable', [
        ev.nodeRegistered('node-0', {}, []),
        ev.podCreated(manifest({ nodeSelector: { disk: 'ssd' } })),
        ev.unschedulable('0/1 nodes are available'),
        node,
      ]),
    ).toEqual([{ type: 'pod.scheduled', data: { node: 'node-1' } }]);
  });

  it('sandbox.creating: the sandbox becomes ready with the first sandbox IP (podIPFor(uid, 1))', () => {
    expect(next('sandbox.creating', [node, ev.podCreated(manifest({})), ev.scheduled('node-1')])).toEqual([
      { type: 'pod.sandbox.ready', data: { podIP: podIPFor('u1', 1) } },
    ]);
  });

  it('sandbox.creationFailed: the kubelet tries again and the sandbox becomes ready', () => {
    expect(
      next('sandbox.creationFailed', [
        node,
        ev.podCreated(manifest({})),
        ev.scheduled('node-1'),
        ev.sandboxFailed(),
      ]),
    ).toEqual([{ type: 'pod.sandbox.ready', data: { podIP: podIPFor('u1', 1) } }]);
  });

  it('sandbox.recreating: after the sandbox died a new one (the second) becomes ready', () => {
    expect(
      next('sandbox.recreating', [
        node,
        ev.podCreated(manifest({})),
        ev.scheduled('node-1'),
        ev.sandboxReady(),
        ev.started('web'),
        ev.sandboxDied(),
      ]),
    ).toEqual([{ type: 'pod.sandbox.ready', data: { podIP: podIPFor('u1', 2) } }]);
  });

  it('containers.initializing: the init container is started', () => {
    expect(
      next('containers.initializing', [
        node,
        ev.podCreated(manifest({ initContainers: [{ name: 'setup', image: 'busybox:1.36' }] })),
        ev.scheduled('node-1'),
        ev.sandboxReady(),
      ]),
    ).toEqual([{ type: 'container.started', data: { container: 'setup' } }]);
  });

  it('containers.startingSidecars: the sidecar is started', () => {
    expect(
      next('containers.startingSidecars', [
        node,
        ev.podCreated(
          manifest({ initContainers: [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }] }),
        ),
        ev.scheduled('node-1'),
        ev.sandboxReady(),
      ]),
    ).toEqual([{ type: 'container.started', data: { container: 'proxy' } }]);
  });
});

describe('normalizePod copies a manifest as JSON data', () => {
  it('an own "__proto__" key (JSON.parse keeps one) stays a key of the copy and never becomes its prototype; null stays null', () => {
    const manifest = JSON.parse(
      '{"metadata":{"name":"p","annotations":{"__proto__":{"polluted":"yes"},"team":"a"},"ownerReferences":null},"spec":{"containers":[{"name":"app","image":"nginx:1.25"}]}}',
    );
    const pod = normalizePod(manifest, 'u9');
    const annotations = pod.metadata.annotations as Record<string, unknown>;
    expect(Object.getPrototypeOf(annotations)).toBe(Object.prototype);
    expect(Object.hasOwn(annotations, '__proto__')).toBe(true);
    expect(annotations.team).toBe('a');
    // JSON's null is copied as null.
    expect((pod.metadata as { ownerReferences?: unknown }).ownerReferences).toBeNull();
    expect((annotations as { polluted?: string }).polluted).toBeUndefined();
    expect(pod.metadata.annotations).not.toBe(manifest.metadata.annotations);
  });
});
