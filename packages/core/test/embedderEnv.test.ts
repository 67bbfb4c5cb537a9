// An embedder runs the Pod chart alone: createActor(podMachine, { input: { pod, env } }) with a
// cluster env of its own, which may hold no node at all (the browser bundle test does exactly
// that). The engine's env always holds a bound Pod's node (a binding to an unregistered name
// creates it); the chart's guards and actions must not assume it: a node the env does not hold is
// not lost, its address is simply unknown, and it holds no image.
import { createClusterEnv, createPodCtx, normalizePod, podMachine, stateKey } from '@podstate/core/machines';
import { describe, expect, it } from 'vitest';
import { createActor } from 'xstate';

const t = (s: number) => Date.UTC(2026, 0, 1, 0, 0, s);
const manifest = {
  metadata: { name: 'web' },
  spec: { terminationGracePeriodSeconds: 30, containers: [{ name: 'app', image: 'nginx:1.25' }] },
};

function podActor(m: typeof manifest = manifest) {
  const pod = createPodCtx(normalizePod(m, 'u-1'), 'u-1', t(0));
  const actor = createActor(podMachine, { input: { pod, env: createClusterEnv() } });
  const errors: unknown[] = [];
  actor.subscribe({ error: (e) => errors.push(e) });
  actor.start();
  return { actor, errors };
}

describe('the Pod chart run by an embedder with a cluster env that holds no node', () => {
  it('SyncPod: the sandbox comes up on a node the env does not know — hostIP unknown, not an error', () => {
    const { actor, errors } = podActor();
    actor.send({ type: 'pod.scheduled', time: t(1), data: { node: 'node-1' } });
    actor.send({ type: 'pod.sandbox.ready', time: t(2), data: { podIP: '10.244.0.7' } });
    expect(errors).toEqual([]);
    expect(actor.getSnapshot().status).toBe('active');
    const { pod } = actor.getSnapshot().context;
    expect(pod.podIP).toBe('10.244.0.7');
    expect(pod.hostIP).toBeUndefined();
    expect(stateKey(actor.getSnapshot().value)).toBe('containers.startingApps');
  });

  it('killPodWithSyncResult: a sandbox death recreates it and a deletion ends in awaitingRemoval — the unknown node is not lost', () => {
    const { actor, errors } = podActor();
    actor.send({ type: 'pod.scheduled', time: t(1), data: { node: 'node-1' } });
    actor.send({ type: 'pod.sandbox.ready', time: t(2), data: { podIP: '10.244.0.7' } });
    actor.send({ type: 'pod.sandbox.died', time: t(3), data: {} });
    expect(stateKey(actor.getSnapshot().value)).toBe('sandbox.recreating');
    actor.send({ type: 'pod.sandbox.ready', time: t(4), data: { podIP: '10.244.0.8' } });
    expect(actor.getSnapshot().context.pod.podIP).toBe('10.244.0.8');
    actor.send({ type: 'pod.deletion.requested', time: t(5), data: {} });
    expect(errors).toEqual([]);
    expect(actor.getSnapshot().status).toBe('active');
    expect(stateKey(actor.getSnapshot().value)).toBe('terminating.awaitingRemoval');
  });

  it('EnsureImageExists: no image is present on a node the env does not know — a start waits for its pull (IfNotPresent), then the pulled image starts', () => {
    const { actor, errors } = podActor();
    actor.send({ type: 'pod.scheduled', time: t(1), data: { node: 'node-1' } });
    actor.send({ type: 'pod.sandbox.ready', time: t(2), data: { podIP: '10.244.0.7' } });
    const app = () => actor.getSnapshot().context.pod.containers[0]!.value;
    actor.send({ type: 'container.started', time: t(3), data: { container: 'app' } });
    expect(errors).toEqual([]);
    expect(app()).toBe('waiting.forTurn');
    actor.send({ type: 'container.image.pulled', time: t(4), data: { container: 'app' } });
    expect(app()).toBe('waiting.imagePulled');
    actor.send({ type: 'container.started', time: t(5), data: { container: 'app' } });
    expect(errors).toEqual([]);
    expect(actor.getSnapshot().status).toBe('active');
    expect(app()).toMatch(/^running\.up/);
  });

  it('SyncPod → EnsureImageExists: under imagePullPolicy Never an image on a node the env does not know is absent — ErrImageNeverPull, not an error', () => {
    const never = {
      metadata: { name: 'web' },
      spec: { containers: [{ name: 'app', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' }] },
    };
    const { actor, errors } = podActor(never as typeof manifest);
    actor.send({ type: 'pod.scheduled', time: t(1), data: { node: 'node-1' } });
    actor.send({ type: 'pod.sandbox.ready', time: t(2), data: { podIP: '10.244.0.7' } });
    expect(errors).toEqual([]);
    expect(actor.getSnapshot().status).toBe('active');
    expect(actor.getSnapshot().context.pod.containers[0]!.value).toBe('waiting.errImageNeverPull');
  });
});
