import { createEngine, type Engine, nextActions } from '@podstate/core';
import { ev, givenWith, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const running: Step[] = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m.plain),
  ev.scheduled('node-1'),
  ev.sandboxReady(),
  ev.started('app'),
  ev.nodeLost('node-1'),
];

function play(engine: Engine, steps: Step[]): number {
  let last = 0;
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(r.rejection.message);
    last = Date.parse(e.time);
  }
  return last;
}
const iso = (ms: number) => new Date(ms).toISOString();

describe('node lost (lifecycle.md §10)', () => {
  it('taint eviction (current profile): nothing is due before 300 s, then DeletionByTaintManager', () => {
    const engine = createEngine();
    const lostAt = play(engine, running);
    expect(nextActions(engine, 'u1', iso(lostAt + 299_000))).toEqual([]);
    const [due] = nextActions(engine, 'u1', iso(lostAt + 300_000));
    expect(due).toEqual({
      stream: 'pod/u1',
      type: 'pod.evicted',
      data: { reason: 'DeletionByTaintManager', message: 'Taint manager: deleting due to NoExecute taint' },
    });
    const r = engine.apply({ ...due!, time: iso(lostAt + 300_000) });
    expect(r.ok).toBe(true);
    const pod = engine.pods.get('u1')!;
    expect(pod.value).toBe('terminating.stoppingContainers');
    expect(pod.ctx.disruption?.reason).toBe('DeletionByTaintManager');
    expect(pod.ctx.terminalPhase).toBeUndefined();
    // Terminating forever: no kubelet reports while the node is gone.
    expect(nextActions(engine, 'u1', iso(lostAt + 3_600_000))).toEqual([]);
  });

  it('SetPodTerminationReason (legacy profile): eviction sets status.reason NodeLost', () => {
    const engine = createEngine({ profile: 'legacy' });
    const lostAt = play(engine, running);
    const [due] = nextActions(engine, 'u1', iso(lostAt + 300_000));
    expect(due?.data).toEqual({
      reason: 'NodeLost',
      message: 'Node node-1 which was running pod plain is unresponsive',
    });
    expect(engine.apply({ ...due!, time: iso(lostAt + 300_000) }).ok).toBe(true);
    expect(engine.pods.get('u1')!.ctx.statusReason?.reason).toBe('NodeLost');
  });

  it('MarkPodsNotReady: the kubelet of a lost node reports nothing', () => {
    givenWith({}, ...running)
      .when(ev.exited('app', 1))
      .thenRejected('node_lost');
    givenWith({}, ...running)
      .when(ev.sandboxDied())
      .thenRejected('node_lost');
  });

  it('node recovered: the kubelet finishes a taint-evicted Pod', () => {
    givenWith(
      {},
      ...running,
      ev.wait(300),
      ev.evicted('DeletionByTaintManager', 'Taint manager: deleting due to NoExecute taint'),
      ev.nodeRecovered('node-1'),
    )
      .when(ev.exited('app', 143))
      .thenAccepted((o) => {
        expect(o.pod?.value).toBe('terminating.awaitingRemoval');
        expect(o.pod?.ctx.terminalPhase).toBe('Failed');
      });
  });

  it('DefaultTolerationSeconds: a Pod tolerating unreachable for 60 s is evicted after 60 s', () => {
    const tolerant = {
      ...m.plain,
      spec: {
        ...m.plain.spec,
        tolerations: [
          {
            key: 'node.kubernetes.io/unreachable',
            operator: 'Exists',
            effect: 'NoExecute',
            tolerationSeconds: 60,
          },
        ],
      },
    };
    const engine = createEngine();
    const lostAt = play(engine, [running[0]!, ev.podCreated(tolerant), ...running.slice(2)]);
    expect(nextActions(engine, 'u1', iso(lostAt + 59_000))).toEqual([]);
    expect(nextActions(engine, 'u1', iso(lostAt + 60_000))[0]?.type).toBe('pod.evicted');
  });
});

describe('DefaultTolerationSeconds admission (plugin/pkg/admission/defaulttolerationseconds Admit)', () => {
  const podWith = (tolerations: unknown[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'tol' },
    spec: { tolerations, containers: [{ name: 'app', image: 'nginx:1.25' }] },
  });
  const lostAfter = (tolerations: unknown[]) => {
    const engine = createEngine();
    const steps: Step[] = [
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(podWith(tolerations) as never),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
      ev.started('app'),
      ev.nodeLost('node-1'),
    ];
    return { engine, lostAt: play(engine, steps) };
  };

  it('Admit: adds not-ready and unreachable NoExecute tolerations of 300 s to a Pod without them', () => {
    const { engine } = lostAfter([]);
    expect(engine.pods.get('u1')!.ctx.pod.spec.tolerations).toEqual([
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ]);
  });

  it("Admit: keeps the Pod's own unreachable toleration; the taint manager evicts after its seconds", () => {
    const { engine, lostAt } = lostAfter([
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 60,
      },
    ]);
    expect(engine.pods.get('u1')!.ctx.pod.spec.tolerations).toHaveLength(2);
    expect(nextActions(engine, 'u1', iso(lostAt + 59_000))).toEqual([]);
    expect(nextActions(engine, 'u1', iso(lostAt + 60_000))[0]?.type).toBe('pod.evicted');
  });

  it('a toleration with an empty key and effect tolerates every taint forever: never evicted', () => {
    const { engine, lostAt } = lostAfter([{ operator: 'Exists' }]);
    expect(engine.pods.get('u1')!.ctx.pod.spec.tolerations).toEqual([{ operator: 'Exists' }]);
    expect(nextActions(engine, 'u1', iso(lostAt + 86_400_000))).toEqual([]);
  });
});
