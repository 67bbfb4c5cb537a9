// The refusals decideParts.ts builds for the engine and the cluster machine (issue 17: their rule
// and message survived mutation): time going backwards, a reused uid, a taken name (per namespace,
// a missing namespace meaning "default"), a removed or unknown Pod, and the subject a Pod
// machine's refusal is reported under.
import { createEngine, type Engine, type EventInput } from '@podstate/core';
import { ev, builtInManifests as m, type Step, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

function engineAfter(steps: Step[]): { engine: Engine; events: EventInput[] } {
  const engine = createEngine();
  const events = toEvents(steps);
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return { engine, events };
}

const web = (namespace?: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: namespace === undefined ? { name: 'web' } : { name: 'web', namespace },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
});

const T = '2026-01-01T00:01:00.000Z';
const refusal = (engine: Engine, e: EventInput) => {
  const r = engine.apply(e);
  if (r.ok) throw new Error(`${e.type} was accepted`);
  return { code: r.rejection.code, rule: r.rejection.rule, message: r.rejection.message };
};

describe('refusals of the envelope and the Pod registry', () => {
  it('time must not go backwards: refused by the envelope rule, naming both times', () => {
    const { engine } = engineAfter([ev.podCreated(m.plain), ev.wait(60)]);
    expect(
      refusal(engine, {
        stream: 'pod/u1',
        type: 'pod.scheduled',
        time: '2026-01-01T00:00:30.000Z',
        data: { node: 'node-1' },
      }),
    ).toEqual({
      code: 'time_backwards',
      rule: 'envelope',
      message:
        "pod.scheduled at 2026-01-01T00:00:30.000Z is earlier than the log's latest time 2026-01-01T00:01:00.000Z: time must not go backwards",
    });
  });

  it('a uid is never reused, not even after its Pod was removed (a Pod with no node is removed at its deletion): refused by the registry', () => {
    const { engine } = engineAfter([ev.podCreated(m.plain), ev.deletion()]);
    expect(engine.pods.has('u1')).toBe(false);
    expect(
      refusal(engine, { stream: 'pod/u1', type: 'pod.created', time: T, data: { manifest: web() } }),
    ).toEqual({
      code: 'uid_reused',
      rule: 'registry',
      message: 'pod.created rejected: uid u1 is already used; UIDs are never reused',
    });
  });

  it('a name is taken within its namespace; a manifest without namespace is in "default"', () => {
    const { engine } = engineAfter([ev.podCreated(web(), 'u1')]);
    expect(
      refusal(engine, { stream: 'pod/u2', type: 'pod.created', time: T, data: { manifest: web('default') } }),
    ).toEqual({
      code: 'name_taken',
      rule: 'registry',
      message: 'pod.created rejected: Pod default/web already exists (uid u1); remove it first',
    });
    expect(
      refusal(engine, { stream: 'pod/u3', type: 'pod.created', time: T, data: { manifest: web() } }),
    ).toMatchObject({
      code: 'name_taken',
    });
    expect(
      engine.apply({ stream: 'pod/u4', type: 'pod.created', time: T, data: { manifest: web('prod') } }).ok,
    ).toBe(true);
    expect(
      refusal(engine, { stream: 'pod/u5', type: 'pod.created', time: T, data: { manifest: web('prod') } }),
    ).toEqual({
      code: 'name_taken',
      rule: 'registry',
      message: 'pod.created rejected: Pod prod/web already exists (uid u4); remove it first',
    });
  });

  it('events for a removed Pod name it; events for an unknown uid say to create it first', () => {
    const { engine } = engineAfter([ev.podCreated(m.plain), ev.deletion()]);
    expect(
      refusal(engine, { stream: 'pod/u1', type: 'pod.scheduled', time: T, data: { node: 'node-1' } }),
    ).toEqual({
      code: 'pod_removed',
      rule: 'engine',
      message: 'pod.scheduled rejected: Pod default/plain (uid u1) was removed',
    });
    expect(
      refusal(engine, { stream: 'pod/u9', type: 'pod.scheduled', time: T, data: { node: 'node-1' } }),
    ).toEqual({
      code: 'unknown_pod',
      rule: 'engine',
      message: 'pod.scheduled rejected: no Pod has uid u9 (pod.created first)',
    });
  });
});

describe("a Pod machine's refusal names its subject", () => {
  it('a Pod fact: "<event> for Pod <ns/name> rejected: …"', () => {
    const { engine } = engineAfter([ev.podCreated(m.plain)]);
    const r = refusal(engine, {
      stream: 'pod/u1',
      type: 'pod.sandbox.ready',
      time: T,
      data: { podIP: '10.244.0.5' },
    });
    expect(r.message).toMatch(/^pod\.sandbox\.ready for Pod default\/plain rejected: /);
  });

  it('a container fact: "<event> for <role> container "<name>" of Pod <ns/name> rejected: …"', () => {
    const { engine } = engineAfter([ev.podCreated(m.initChain)]);
    const r = refusal(engine, {
      stream: 'pod/u1',
      type: 'container.started',
      time: T,
      data: { container: 'setup' },
    });
    expect(r.message).toMatch(
      /^container\.started for init container "setup" of Pod default\/init-chain rejected: /,
    );
  });
});
