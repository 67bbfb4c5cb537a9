import { createEngine, nextActions } from '@podstate/core';
import { describe, expect, it } from 'vitest';

const at = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const pod = {
  stream: 'pod/u1',
  type: 'pod.created',
  time: at(0),
  data: {
    manifest: {
      metadata: { name: 'web' },
      spec: { nodeSelector: { disk: 'ssd' }, containers: [{ name: 'app', image: 'nginx:1.25' }] },
    },
  },
};

describe('the scheduler’s unschedulable message (nextActions scheduleAction)', () => {
  it('no node at all: "no nodes available to schedule pods" (pkg/scheduler/schedule_one.go schedulePod: NumNodes() == 0 → ErrNoNodesAvailable), not "0/0 nodes are available"', () => {
    const engine = createEngine();
    expect(engine.apply(pod).ok).toBe(true);
    expect(nextActions(engine, 'u1', at(1))).toEqual([
      {
        stream: 'pod/u1',
        type: 'pod.unschedulable',
        data: { message: 'no nodes available to schedule pods' },
      },
    ]);
  });

  it('registered nodes that do not fit: "0/N nodes are available: …" (schedule_one.go FitError.Error)', () => {
    const engine = createEngine();
    expect(engine.apply({ stream: 'node/n1', type: 'node.registered', time: at(0), data: {} }).ok).toBe(true);
    expect(engine.apply(pod).ok).toBe(true);
    const [action] = nextActions(engine, 'u1', at(1));
    expect(action?.type).toBe('pod.unschedulable');
    expect(action?.data.message).toMatch(
      /^0\/1 nodes are available: 1 node\(s\) didn't match Pod's node affinity\/selector\./,
    );
  });
});

describe('the node the scheduler picks (nextActions scheduleAction)', () => {
  const created = (uid: string, name: string, spec: Record<string, unknown> = {}) => ({
    stream: `pod/${uid}`,
    type: 'pod.created',
    time: at(0),
    data: {
      manifest: { metadata: { name }, spec: { containers: [{ name: 'app', image: 'nginx:1.25' }], ...spec } },
    },
  });
  const node = (name: string) => ({ stream: `node/${name}`, type: 'node.registered', time: at(0), data: {} });
  const apply = (
    engine: ReturnType<typeof createEngine>,
    e: Parameters<ReturnType<typeof createEngine>['apply']>[0],
  ) => {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(r.rejection.message);
  };

  it('no registered node: the Pod is bound to node-1 (the engine creates a node on first binding), not to a node another binding created', () => {
    const engine = createEngine();
    apply(engine, created('u0', 'pinned'));
    apply(engine, { stream: 'pod/u0', type: 'pod.scheduled', time: at(0), data: { node: 'edge-7' } });
    apply(engine, created('u1', 'web'));
    expect(nextActions(engine, 'u1', at(1))).toEqual([
      { stream: 'pod/u1', type: 'pod.scheduled', data: { node: 'node-1' } },
    ]);
  });

  it('registered nodes: the first fitting one in name order, whatever the order they registered in', () => {
    const engine = createEngine();
    apply(engine, node('n2'));
    apply(engine, node('n1'));
    apply(engine, created('u1', 'web'));
    expect(nextActions(engine, 'u1', at(1))).toEqual([
      { stream: 'pod/u1', type: 'pod.scheduled', data: { node: 'n1' } },
    ]);
  });

  it('spec.nodeName: the Pod goes to that node only (the scheduler is bypassed)', () => {
    const engine = createEngine();
    apply(engine, node('n1'));
    apply(engine, node('n2'));
    apply(engine, created('u1', 'web', { nodeName: 'n2' }));
    expect(nextActions(engine, 'u1', at(1))).toEqual([
      { stream: 'pod/u1', type: 'pod.scheduled', data: { node: 'n2' } },
    ]);
  });

  it('a Pod the scheduler already recorded unschedulable gets no second pod.unschedulable (nothing is produced twice)', () => {
    const engine = createEngine();
    expect(engine.apply(pod).ok).toBe(true);
    const [first] = nextActions(engine, 'u1', at(1));
    expect(first?.type).toBe('pod.unschedulable');
    apply(engine, { ...first!, time: at(1) });
    expect(nextActions(engine, 'u1', at(2))).toEqual([]);
  });
});
