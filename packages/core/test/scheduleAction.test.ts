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
