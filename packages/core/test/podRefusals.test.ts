// What the engine says when a Pod event cannot happen in the Pod's state (rejections.ts
// noTransitionReason), how image references are normalized for the node's image cache, and
// replay of a log.
import { createEngine, type EventInput, normalizeImageRef, replay, restoreEngine } from '@podstate/core';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

/** The refusal of the last step after the others were accepted. */
function refusalOf(steps: Step[]) {
  const engine = createEngine();
  const events = toEvents(steps);
  for (const e of events.slice(0, -1)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  const r = engine.apply(events[events.length - 1]!);
  if (r.ok) throw new Error(`${events[events.length - 1]!.type} was accepted`);
  return { code: r.rejection.code, rule: r.rejection.rule, message: r.rejection.message };
}

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const bound = [node, ev.podCreated(m.plain), ev.scheduled('node-1')];
const running = [...bound, ev.sandboxReady()];

describe('noTransitionReason: the reason a Pod event cannot happen in the Pod state', () => {
  it('pod.scheduling-gates.removed on a Pod without gates: ValidatePodUpdate', () => {
    expect(refusalOf([node, ev.podCreated(m.plain), ev.gatesRemoved('g')])).toMatchObject({
      code: 'no_such_scheduling_gate',
      rule: 'ValidatePodUpdate',
    });
  });

  it('before binding: containers and sandboxes wait for pod.scheduled; removal waits for deletion', () => {
    expect(refusalOf([node, ev.podCreated(m.plain), ev.sandboxReady()])).toMatchObject({
      code: 'not_scheduled',
      rule: 'pod machine',
    });
    expect(refusalOf([node, ev.podCreated(m.plain), ev.started('app')]).code).toBe('not_scheduled');
    expect(refusalOf([node, ev.podCreated(m.plain), ev.removed()])).toMatchObject({
      code: 'deletion_not_requested',
    });
  });

  it('bound, no sandbox: containers wait for pod.sandbox.ready; no second binding; no sandbox to die; removal waits for deletion', () => {
    expect(refusalOf([...bound, ev.started('app')])).toMatchObject({
      code: 'no_sandbox',
      rule: 'pod machine',
      message: expect.stringContaining('the Pod has no ready sandbox (pod.sandbox.ready first)'),
    });
    expect(refusalOf([...bound, ev.scheduled('node-1')])).toMatchObject({
      code: 'already_bound',
      message: expect.stringContaining('the Pod is already bound to node "node-1"'),
    });
    expect(refusalOf([...bound, ev.sandboxDied()])).toMatchObject({
      code: 'no_sandbox',
      message: expect.stringContaining('the Pod has no sandbox'),
    });
    expect(refusalOf([...bound, ev.removed()]).code).toBe('deletion_not_requested');
  });

  it('with a sandbox: no second binding, no second ready sandbox, removal waits for deletion', () => {
    expect(refusalOf([...running, ev.scheduled('node-1')])).toMatchObject({
      code: 'already_bound',
      message: expect.stringContaining('node "node-1"'),
    });
    expect(refusalOf([...running, ev.sandboxReady()])).toMatchObject({
      code: 'sandbox_exists',
      rule: 'pod machine',
    });
    expect(refusalOf([...running, ev.removed()]).code).toBe('deletion_not_requested');
  });

  it('podResourcesAreReclaimed / ShouldContainerBeRestarted: a terminating Pod starts nothing and is removed only once its containers stopped', () => {
    const terminating = [...running, ev.started('app'), ev.deletion(30)];
    expect(refusalOf([...terminating, ev.removed()])).toMatchObject({
      code: 'containers_running',
      rule: 'podResourcesAreReclaimed',
    });
    expect(refusalOf([...terminating, ev.scheduled('node-1')])).toMatchObject({
      code: 'pod_terminating',
      rule: 'pod machine',
    });
  });

  it('a finished Pod: its containers never run again; removal needs deletion (BeforeDelete); a removed Pod takes nothing', () => {
    const never = { ...m.plain, spec: { ...m.plain.spec, restartPolicy: 'Never' } };
    const done = [
      node,
      ev.podCreated(never),
      ev.scheduled('node-1'),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 0),
    ];
    expect(refusalOf([...done, ev.started('app')])).toMatchObject({
      code: 'pod_finished',
      message: expect.stringContaining('its containers never run again'),
    });
    expect(refusalOf([...done, ev.sandboxDied()])).toMatchObject({
      code: 'pod_finished',
      message: expect.stringContaining('only deletion and removal follow'),
    });
    expect(refusalOf([...done, ev.removed()])).toMatchObject({
      code: 'deletion_not_requested',
      rule: 'BeforeDelete',
    });
    expect(refusalOf([...done, ev.deletion(0), ev.sandboxReady()])).toMatchObject({ code: 'pod_removed' });
  });
});

describe('normalizeImageRef: the docker reference library normalization the node image cache compares', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx:latest'],
    ['nginx:1.25', 'docker.io/library/nginx:1.25'],
    ['bitnami/redis', 'docker.io/bitnami/redis:latest'],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io/pause:3.9'],
    ['localhost/app', 'localhost/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['nginx@sha256:abc', 'docker.io/library/nginx@sha256:abc'],
    ['nginx:1.25@sha256:abc', 'docker.io/library/nginx:1.25@sha256:abc'],
    // splitDockerDomain: docker.io and index.docker.io are Docker Hub, official images under library/.
    ['docker.io/nginx', 'docker.io/library/nginx:latest'],
    ['index.docker.io/library/nginx:1.25', 'docker.io/library/nginx:1.25'],
    // An upper-case first component can only be a registry (repository names are lower case).
    ['Registry/app:1', 'Registry/app:1'],
  ])('ParseNormalizedNamed + TagNameOnly: %s → %s', (ref, normalized) => {
    expect(normalizeImageRef(ref)).toBe(normalized);
  });
});

describe('replay: a log replays cleanly or stops at the damaged record', () => {
  it('replays every event into a fresh engine', () => {
    const events = toEvents([...running, ev.started('app')]);
    const engine = replay(events);
    expect(engine.pods.get('u1')?.ctx.containers[0]?.value).toMatch(/^running/);
  });

  it('throws damaged_log naming the seq and the refusal of the first refused record', () => {
    const events: EventInput[] = toEvents([...bound, ev.started('app')]).map((e, i) => ({
      ...e,
      seq: i + 1,
    }));
    expect(() => replay(events)).toThrow(/replay stopped at seq 4: .*no ready sandbox/);
    try {
      replay(events);
    } catch (err) {
      expect(err).toMatchObject({
        code: 'damaged_log',
        details: { seq: 4, rejection: { code: 'no_sandbox' } },
      });
    }
  });
});

describe('envelopeRefusal: a trusted record (no entry validation) is still refused on a bad envelope', () => {
  const trusted = () => createEngine({ trusted: true });
  it('an unknown event type, with the nearest catalogue type suggested', () => {
    const r = trusted().apply({
      stream: 'pod/u1',
      type: 'pod.schedueld',
      time: '2026-01-01T00:00:00.000Z',
      data: {},
    } as never);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejection).toMatchObject({
      code: 'unknown_event_type',
      rule: 'event catalogue',
      message: 'unknown event type "pod.schedueld"; did you mean "pod.scheduled"?',
    });
  });

  it('a Pod event on a cluster stream, and a cluster event on a Pod stream', () => {
    const time = '2026-01-01T00:00:00.000Z';
    const onNode = trusted().apply({
      stream: 'node/x',
      type: 'container.started',
      time,
      data: { container: 'a' },
    });
    expect(onNode.ok ? undefined : onNode.rejection).toMatchObject({
      code: 'wrong_stream',
      rule: 'envelope',
      message: 'container.started belongs on a "pod/<uid>" stream, not "node/x"',
    });
    const onPod = trusted().apply({ stream: 'pod/u1', type: 'clock.advanced', time, data: {} });
    expect(onPod.ok ? undefined : onPod.rejection).toMatchObject({
      code: 'wrong_stream',
      message: 'clock.advanced belongs on a cluster object stream, not "pod/u1"',
    });
  });

  it('a time that is not RFC 3339', () => {
    const r = trusted().apply({ stream: 'cluster', type: 'clock.advanced', time: 'yesterday', data: {} });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.rejection).toMatchObject({
      code: 'invalid_time',
      rule: 'envelope',
      message: 'clock.advanced has time "yesterday", which is not an RFC 3339 time',
    });
  });
});

describe('restoreEngine: only snapshots of the version it writes', () => {
  it('a snapshot of another version is bad input naming both versions', () => {
    const snapshot = { ...createEngine().snapshot(), v: 2 } as never;
    expect(() => restoreEngine(snapshot)).toThrow(
      'restoreEngine: snapshot version 2 is not supported (expected 1)',
    );
    expect(() => restoreEngine(createEngine().snapshot())).not.toThrow();
  });
});
