// The engine's own refusals (the envelope, the Pod registry, missing Pods) as a user reads them —
// code, rule and the whole sentence — and the registry's bookkeeping: a removed Pod's name is free
// again, a pod.created's transition carries the new Pod (issue 17: mutants of decideParts.ts and
// createEngine.ts no test saw).
import { createEngine, type Engine, type EventInput, type Refusal } from '@podstate/core';
import { ev, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const web = (name = 'web') => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { restartPolicy: 'Never', containers: [{ name: 'app', image: 'nginx:1.25' }] },
});

/** Applies the events (all but the last must be accepted); the last one's refusal. */
function refusalOfLast(events: EventInput[]): { engine: Engine; refusal: Refusal | undefined } {
  const engine = createEngine();
  let refusal: Refusal | undefined;
  events.forEach((e, i) => {
    const r = engine.apply(e);
    if (i < events.length - 1 && !r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
    if (i === events.length - 1 && !r.ok) {
      const { code, rule, message } = r.rejection;
      refusal = { code, rule, message };
    }
  });
  return { engine, refusal };
}
const steps = (...s: Step[]) => toEvents(s);
// A Pod never scheduled is removed at its deletion (no kubelet to wait for): deletion(0) removes it.

describe('the envelope', () => {
  it('time_backwards names the event, its time, the latest time and the rule', () => {
    const events = steps(ev.nodeRegistered('node-1'), ev.podCreated(web()));
    const late = { ...events[1]!, time: '2025-12-31T23:59:59.000Z' };
    expect(refusalOfLast([events[0]!, late]).refusal).toEqual({
      code: 'time_backwards',
      rule: 'envelope',
      message: `pod.created at 2025-12-31T23:59:59.000Z is earlier than the log's latest time ${events[0]!.time}: time must not go backwards`,
    });
  });
});

describe('the Pod registry (pod.created)', () => {
  it('uid_reused: a uid is never used twice, not even after its Pod was removed', () => {
    const events = steps(ev.podCreated(web()), ev.deletion(0), ev.podCreated(web('other')));
    expect(refusalOfLast(events).refusal).toEqual({
      code: 'uid_reused',
      rule: 'registry',
      message: 'pod.created rejected: uid u1 is already used; UIDs are never reused',
    });
  });

  it('name_taken: a manifest without a namespace is in "default"; the message names the live Pod holding the name', () => {
    const events = steps(ev.podCreated(web()), ev.podCreated(web(), 'u2'));
    expect(refusalOfLast(events).refusal).toEqual({
      code: 'name_taken',
      rule: 'registry',
      message: 'pod.created rejected: Pod default/web already exists (uid u1); remove it first',
    });
  });

  it('the same name in another namespace is another Pod', () => {
    const other = { ...web(), metadata: { name: 'web', namespace: 'team-a' } };
    const events = steps(ev.podCreated(web()), ev.podCreated(other, 'u2'));
    const { engine, refusal } = refusalOfLast(events);
    expect(refusal).toBeUndefined();
    expect(engine.podByName('web')?.ctx.uid).toBe('u1');
    expect(engine.podByName('team-a/web')?.ctx.uid).toBe('u2');
  });

  it('once a Pod is removed its name is free: a new Pod (new uid) of that name is created and found by name', () => {
    const events = steps(ev.podCreated(web()), ev.deletion(0), ev.podCreated(web(), 'u2'));
    const { engine, refusal } = refusalOfLast(events);
    expect(refusal).toBeUndefined();
    expect(engine.podByName('web')?.ctx.uid).toBe('u2');
    expect(engine.podByName('default/web')?.ctx.uid).toBe('u2');
    expect(engine.removed.get('u1')).toMatchObject({ namespace: 'default', name: 'web' });
  });

  it("pod.created's transition carries the new Pod: its uid and its first state, no state before", () => {
    const engine = createEngine();
    const [created] = steps(ev.podCreated(web()));
    const r = engine.apply(created!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.transition.uid).toBe('u1');
    expect(r.transition.before).toBeUndefined();
    expect(r.transition.after?.value).toBe('scheduling.queued');
    expect(r.transition.after).toBe(engine.pods.get('u1'));
    expect(r.transition.event.type).toBe('pod.created');
    expect(r.transition.time).toBe(Date.parse(created!.time));
  });
});

describe('a cluster event', () => {
  it('its transition carries the event and its time, and no Pod', () => {
    const engine = createEngine();
    const [registered] = steps(ev.nodeRegistered('node-1'));
    const r = engine.apply(registered!);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.transition.event.type).toBe('node.registered');
    expect(r.transition.time).toBe(Date.parse(registered!.time));
    expect(r.transition.uid).toBeUndefined();
  });
});

describe('events for a Pod that is not there', () => {
  it('pod_removed names the removed Pod and its uid (rule: engine)', () => {
    const events = steps(ev.podCreated(web()), ev.deletion(0), ev.scheduled());
    expect(refusalOfLast(events).refusal).toEqual({
      code: 'pod_removed',
      rule: 'engine',
      message: 'pod.scheduled rejected: Pod default/web (uid u1) was removed',
    });
  });

  it('unknown_pod: no Pod has the uid (rule: engine)', () => {
    const [e] = steps(ev.scheduled());
    expect(refusalOfLast([{ ...e!, stream: 'pod/nobody' }]).refusal).toEqual({
      code: 'unknown_pod',
      rule: 'engine',
      message: 'pod.scheduled rejected: no Pod has uid nobody (pod.created first)',
    });
  });
});

describe('a Pod machine refusal names what was refused', () => {
  it('a Pod fact: "<type> for Pod <namespace>/<name> rejected: …"', () => {
    const events = steps(ev.podCreated(web()), ev.sandboxReady());
    const { refusal } = refusalOfLast(events);
    expect(refusal?.code).toBe('not_scheduled');
    expect(refusal?.message).toBe(
      'pod.sandbox.ready for Pod default/web rejected: the Pod is not scheduled yet (pod.scheduled first)',
    );
  });

  it('a container fact: "<type> for <role> container "<name>" of Pod <namespace>/<name> rejected: …"', () => {
    const events = steps(ev.podCreated(web()), ev.started('app'));
    expect(refusalOfLast(events).refusal?.message).toBe(
      'container.started for app container "app" of Pod default/web rejected: the Pod is not scheduled yet (pod.scheduled first)',
    );
  });
});

describe('an implicit node (no node registered): binding to any name creates it', () => {
  it('the node carries its kubernetes.io/hostname label (set by the kubelet on every node): a nodeSelector on it matches', () => {
    const pinned = {
      ...web(),
      spec: { ...web().spec, nodeSelector: { 'kubernetes.io/hostname': 'node-7' } },
    };
    const events = steps(ev.podCreated(pinned), ev.scheduled('node-7'));
    const { engine, refusal } = refusalOfLast(events);
    expect(refusal).toBeUndefined();
    expect(engine.env.nodes.get('node-7')).toMatchObject({
      labels: { 'kubernetes.io/hostname': 'node-7' },
      implicit: true,
      address: '10.0.0.1',
    });
  });

  it('a second Pod bound to the same implicit node finds the same node (one address)', () => {
    const events = steps(
      ev.podCreated(web()),
      ev.scheduled('node-7'),
      ev.podCreated(web('two'), 'u2'),
      { ...ev.scheduled('node-7'), stream: 'pod/u2' },
      ev.podCreated(web('three'), 'u3'),
      { ...ev.scheduled('node-8'), stream: 'pod/u3' },
    );
    const { engine, refusal } = refusalOfLast(events);
    expect(refusal).toBeUndefined();
    expect([...engine.env.nodes.values()].map((n) => [n.name, n.address])).toEqual([
      ['node-7', '10.0.0.1'],
      ['node-8', '10.0.0.2'],
    ]);
  });
});
