// The engine's no-op memo (createEngine.ts: a live Pod remembers events that changed nothing in its
// state with the cluster as it was) on hand-made traces, fast enough for every run (issue 17:
// mutants of createEngine.ts; noopMemo.prop.test.ts checks generated lifecycles against the
// cluster machine). A repeated event is answered as the charts answer it: after a cluster change
// (a lost node, another Pod's pull) and when its outcome depends on its time.
import { createEngine, type Engine, type EventInput } from '@podstate/core';
import { ev, now, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const pod = (name: string, containers: Record<string, unknown>[]) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec: { containers },
});
const web = pod('web', [{ name: 'b', image: 'nginx:1.25', readinessProbe: { exec: { command: ['true'] } } }]);
const ready = (uid = 'u1'): Step[] => [
  ev.podCreated(web, uid),
  { ...ev.scheduled(), stream: `pod/${uid}` },
  { ...ev.sandboxReady(), stream: `pod/${uid}` },
  { ...ev.started('b'), stream: `pod/${uid}` },
  { ...ev.probeOk('b', 'readiness'), stream: `pod/${uid}` },
];
const probe = ev.probeOk('b', 'readiness');

/** Applies every event; the result of each. */
function run(events: EventInput[]) {
  const engine = createEngine();
  return { engine, results: events.map((e) => engine.apply(e)) };
}

describe('the no-op memo never outlives a cluster change', () => {
  it('node lifecycle controller: a readiness success accepted (changing nothing) three times is refused once the node is lost (node_lost)', () => {
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ...ready(),
      probe,
      probe,
      probe,
      ev.nodeLost(),
      probe,
    ]);
    const { results } = run(events);
    expect(results.slice(0, -1).every((r) => r.ok)).toBe(true);
    // The third success (answered from the memo) is a transition of the Pod that changed nothing.
    const third = results[results.length - 3]!;
    expect(third.ok && third.transition.uid).toBe('u1');
    expect(third.ok && third.transition.event.type).toBe('container.probe.succeeded');
    expect(third.ok && third.transition.after).toBeDefined();
    expect(third.ok && third.transition.after).toBe(third.ok && third.transition.before);
    const last = results[results.length - 1]!;
    expect(last.ok ? 'accepted' : last.rejection.code).toBe('node_lost');
  });

  it("another Pod's pull changes the cluster (the node's image cache): a repeated readiness success is still refused after the node is lost", () => {
    const other = pod('cache', [{ name: 'c', image: 'redis:7.2' }]);
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ...ready(),
      probe,
      probe,
      ev.podCreated(other, 'u2'),
      { ...ev.scheduled(), stream: 'pod/u2' },
      { ...ev.sandboxReady('10.244.0.7'), stream: 'pod/u2' },
      { ...ev.pulled('c'), stream: 'pod/u2' },
      ev.nodeLost(),
      { ...probe, stream: 'pod/u1' },
    ]);
    const { engine, results } = run(events);
    expect(results.slice(0, -1).every((r) => r.ok)).toBe(true);
    expect([...engine.env.nodes.get('node-1')!.images]).toContain('docker.io/library/redis:7.2');
    const last = results[results.length - 1]!;
    expect(last.ok ? 'accepted' : last.rejection.code).toBe('node_lost');
  });
});

describe('the no-op memo answers only the very event it saw (type and every data value)', () => {
  it("a readiness success repeated for one container answers neither another container's success nor the same container's failure", () => {
    const probed = { exec: { command: ['true'] }, failureThreshold: 1 };
    const two = pod('two', [
      { name: 'b', image: 'nginx:1.25', readinessProbe: probed },
      { name: 'c', image: 'nginx:1.25', readinessProbe: probed },
    ]);
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(two),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('b'),
      ev.started('c'),
      probe,
      probe,
      probe,
      ev.probeOk('c', 'readiness'),
      ev.probeFailed('b', 'readiness'),
    ]);
    const { engine, results } = run(events);
    expect(results.every((r) => r.ok)).toBe(true);
    const [b, c] = engine.pods.get('u1')!.ctx.containers;
    expect(c!.value).toContain('readiness.ready');
    expect(b!.value).not.toContain('readiness.ready');
  });
});

describe('the no-op memo never answers for an event whose outcome depends on its time', () => {
  it('showPullBackOff: a readiness success at the millisecond of a failed pull changes nothing; the same success a second later shows ImagePullBackOff', () => {
    const two = pod('two', [
      { name: 'a', image: 'busybox:1.36' },
      { name: 'b', image: 'nginx:1.25', readinessProbe: { exec: { command: ['true'] } } },
    ]);
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(two),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('b'),
      ev.probeOk('b', 'readiness'),
      ev.pullFailed('a'),
      now(ev.probeOk('b', 'readiness')),
      ev.probeOk('b', 'readiness'),
    ]);
    const { engine, results } = run(events);
    expect(results.every((r) => r.ok)).toBe(true);
    const at = (i: number) => {
      const r = results[i]!;
      return r.ok ? r.transition.after?.ctx.containers[0]?.value : undefined;
    };
    expect(at(6)).toBe('waiting.errImagePull');
    expect(at(7)).toBe('waiting.errImagePull');
    expect(at(8)).toBe('waiting.imagePullBackOff');
    expect(engine.pods.get('u1')!.ctx.containers[0]!.value).toBe('waiting.imagePullBackOff');
  });
});

describe('decide() names the transition the Pod chart picks, even for an event apply() would answer from the memo', () => {
  it('a repeated readiness success: decide() is accepted with the picked transition and changes nothing', () => {
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ...ready(),
      probe,
      probe,
      probe,
    ]);
    const { engine } = run(events);
    const again = { ...events[events.length - 1]!, seq: undefined };
    const before = engine.pods.get('u1');
    const d = engine.decide(again);
    expect(d.ok).toBe(true);
    expect(d.ok && d.kind).toBe('pod');
    expect(d.ok && d.transition).toBeDefined();
    expect(engine.pods.get('u1')).toBe(before);
  });
});

/** Applies each event (each must be accepted); how many of them the Pod chart decided, one by one (Engine.chartRuns). */
function chartRuns(engine: Engine, events: EventInput[]): number[] {
  return events.map((e) => {
    const n = engine.chartRuns;
    const r = engine.apply(e);
    expect(r.ok ? 'accepted' : r.rejection.message, `${e.type} ${JSON.stringify(e.data)}`).toBe('accepted');
    return engine.chartRuns - n;
  });
}

describe('what the no-op memo saves: an event it answers runs no chart (Engine.chartRuns)', () => {
  it('a readiness success repeated in the same state and cluster: the charts decide the first, apply, step and check answer the rest from the memo, changing nothing', () => {
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ...ready(),
      probe,
      probe,
      probe,
      probe,
      probe,
    ]);
    const engine = createEngine();
    chartRuns(engine, events.slice(0, 6));
    expect(chartRuns(engine, events.slice(6, 9))).toEqual([1, 0, 0]);
    const before = engine.pods.get('u1');
    let n = engine.chartRuns;
    const t = engine.step(events[9]!);
    expect(engine.chartRuns - n).toBe(0);
    expect(t?.uid).toBe('u1');
    expect(t?.before).toBe(before);
    expect(t?.after).toBe(before);
    n = engine.chartRuns;
    expect(engine.check(events[10]!)).toBeUndefined();
    expect(engine.chartRuns - n).toBe(0);
    expect(engine.pods.get('u1')).toBe(before);
  });

  it('the memo holds four events per Pod state (one per container and probe in a typical Pod): a fifth is decided by the charts each time; a failure with the data of a remembered success is decided by the charts, and the memo starts over in the state it leads to', () => {
    const probed = { exec: { command: ['true'] }, failureThreshold: 1 };
    const names = ['a', 'b', 'c', 'd', 'e'];
    const five = pod(
      'five',
      names.map((name) => ({ name, image: 'nginx:1.25', readinessProbe: probed })),
    );
    const ok = (c: string) => ev.probeOk(c, 'readiness');
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ev.podCreated(five),
      ev.scheduled(),
      ev.sandboxReady(),
      ...names.map((c) => ev.started(c)),
      ...names.map(ok),
      ...['a', 'b', 'c', 'd', 'a', 'b', 'c', 'd', 'e', 'e', 'd'].map(ok),
      ev.probeFailed('a', 'readiness'),
      ok('b'),
      ok('b'),
    ]);
    const engine = createEngine();
    chartRuns(engine, events.slice(0, 14));
    expect(chartRuns(engine, events.slice(14))).toEqual([1, 1, 1, 1, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0]);
    const [a, b] = engine.pods.get('u1')!.ctx.containers;
    expect(a!.value).not.toContain('readiness.ready');
    expect(b!.value).toContain('readiness.ready');
  });

  it('the memo outlives what leaves the cluster as it was (a clock tick, a binding to a registered node, a pull of an image the node holds) and no change of it (a new node, a new image in the cache)', () => {
    const always = pod('always', [{ name: 'x', image: 'nginx:1.25', imagePullPolicy: 'Always' }]);
    const cache = pod('cache', [{ name: 'c', image: 'redis:7.2' }]);
    const events = toEvents([
      ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
      ...ready(),
      probe,
      probe,
      // Changes nothing the memo depends on.
      ev.wait(1),
      { ...probe, stream: 'pod/u1' },
      ev.podCreated(always, 'u2'),
      { ...ev.scheduled(), stream: 'pod/u2' },
      { ...probe, stream: 'pod/u1' },
      { ...ev.sandboxReady('10.244.0.7'), stream: 'pod/u2' },
      { ...ev.pulled('x'), stream: 'pod/u2' },
      { ...probe, stream: 'pod/u1' },
      // Changes the cluster: the next success is decided by the charts, the one after from the memo.
      ev.podCreated(cache, 'u3'),
      { ...ev.scheduled(), stream: 'pod/u3' },
      { ...ev.sandboxReady('10.244.0.8'), stream: 'pod/u3' },
      { ...ev.pulled('c'), stream: 'pod/u3' },
      { ...probe, stream: 'pod/u1' },
      { ...probe, stream: 'pod/u1' },
      ev.nodeRegistered('node-2'),
      { ...probe, stream: 'pod/u1' },
      { ...probe, stream: 'pod/u1' },
    ]);
    const engine = createEngine();
    chartRuns(engine, events.slice(0, 6));
    const runs = chartRuns(engine, events.slice(6));
    const u1 = events.slice(6).flatMap((e, i) => (e.stream === 'pod/u1' ? [runs[i]] : []));
    expect(u1).toEqual([1, 0, 0, 0, 0, 1, 0, 1, 0]);
    expect([...engine.env.nodes.get('node-1')!.images].sort()).toEqual([
      'docker.io/library/nginx:1.25',
      'docker.io/library/redis:7.2',
    ]);
  });
});
