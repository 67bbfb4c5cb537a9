// Cluster events (nodes, Secrets, ConfigMaps) through the engine: what a refused event says and
// what an accepted one changes in the cluster the Pods see.
import { createEngine, type Engine, type EventInput } from '@podstate/core';
import { describe, expect, it } from 'vitest';

const T = '2026-01-01T00:00:00.000Z';
const T2 = '2026-01-01T00:01:00.000Z';
const at = (time: string, e: Omit<EventInput, 'time'>): EventInput => ({ ...e, time }) as EventInput;
const ev = (e: Omit<EventInput, 'time'>): EventInput => at(T, e);

function accepted(engine: Engine, ...events: EventInput[]) {
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(`${e.type} refused: ${r.rejection.message}`);
  }
  return engine;
}

function refusal(engine: Engine, e: EventInput) {
  const before = JSON.stringify(engine.snapshot());
  const r = engine.apply(e);
  expect(r.ok, `${e.type} should be refused`).toBe(false);
  expect(JSON.stringify(engine.snapshot()), 'a refused event changes nothing').toBe(before);
  if (r.ok) throw new Error('unreachable');
  const { code, rule, message } = r.rejection;
  return { code, rule, message };
}

const registered = (labels: Record<string, string> = {}, images: string[] = []) =>
  ev({ stream: 'node/node-1', type: 'node.registered', data: { node: 'node-1', labels, images } });

// A trusted engine (records of a CRC-checked log) skips the entry validation: the cluster rules
// still refuse a record on the wrong stream (replay then stops: the log is damaged).
const trusted = () => createEngine({ trusted: true });

describe('node events (the node registry and the node lifecycle controller)', () => {
  it('a node event names its node in the stream "node/<name>"; data.node may repeat it, not contradict it', () => {
    expect(refusal(trusted(), ev({ stream: 'pod/x', type: 'node.registered', data: {} }))).toMatchObject({
      code: 'wrong_stream',
    });
    expect(refusal(trusted(), ev({ stream: 'node/', type: 'node.registered', data: {} }))).toEqual({
      code: 'wrong_stream',
      rule: 'stream',
      message: 'node.registered rejected: stream must be "node/<name>" (got "node/")',
    });
    expect(
      refusal(
        createEngine(),
        ev({ stream: 'node/node-1', type: 'node.registered', data: { node: 'node-2', labels: {} } }),
      ),
    ).toEqual({
      code: 'invalid_data',
      rule: 'stream',
      message:
        'node.registered rejected: data.node is "node-2" but the stream is "node/node-1": they must agree',
    });
  });

  it('registering a node twice is refused (node.updated changes it); updating, losing or recovering an unknown node is refused', () => {
    const engine = accepted(createEngine(), registered());
    expect(refusal(engine, registered())).toEqual({
      code: 'node_already_registered',
      rule: 'node registry',
      message: 'node.registered rejected: node "node-1" is already registered: use node.updated to change it',
    });
    for (const type of ['node.updated', 'node.lost', 'node.recovered'] as const) {
      expect(
        refusal(
          engine,
          ev({ stream: 'node/node-2', type, data: type === 'node.updated' ? { labels: { a: 'b' } } : {} }),
        ),
      ).toEqual({
        code: 'node_not_registered',
        rule: 'node registry',
        message: `${type} rejected: node "node-2" is not registered (node.registered first)`,
      });
    }
  });

  it('node.lost then node.recovered: each only once in a row, and lostAt is the loss time', () => {
    const engine = accepted(createEngine(), registered());
    expect(refusal(engine, ev({ stream: 'node/node-1', type: 'node.recovered', data: {} }))).toEqual({
      code: 'node_not_lost',
      rule: 'node lifecycle controller',
      message: 'node.recovered rejected: node "node-1" is not lost: node.recovered follows node.lost',
    });
    accepted(engine, at(T2, { stream: 'node/node-1', type: 'node.lost', data: {} }));
    expect(engine.env.nodes.get('node-1')).toMatchObject({ lost: true, lostAt: Date.parse(T2) });
    expect(refusal(engine, at(T2, { stream: 'node/node-1', type: 'node.lost', data: {} }))).toEqual({
      code: 'node_already_lost',
      rule: 'node lifecycle controller',
      message: 'node.lost rejected: node "node-1" is already lost',
    });
    accepted(engine, at(T2, { stream: 'node/node-1', type: 'node.recovered', data: {} }));
    expect(engine.env.nodes.get('node-1')).toMatchObject({ lost: false, lostAt: undefined });
  });

  it('node.registered: the hostname label, the given labels, the cached images (normalized), an address per node', () => {
    const engine = accepted(
      createEngine(),
      registered({ zone: 'a' }, ['nginx:1.25']),
      ev({ stream: 'node/node-2', type: 'node.registered', data: { node: 'node-2', labels: {} } }),
    );
    const n1 = engine.env.nodes.get('node-1')!;
    expect(n1.labels).toEqual({ 'kubernetes.io/hostname': 'node-1', zone: 'a' });
    expect([...n1.images]).toEqual(['docker.io/library/nginx:1.25']);
    expect(n1.lost).toBe(false);
    expect(n1.implicit).toBe(false);
    expect(n1.address).toBe('10.0.0.1');
    expect(engine.env.nodes.get('node-2')!.address).toBe('10.0.0.2');
    expect(engine.env.nodes.get('node-2')!.labels).toEqual({ 'kubernetes.io/hostname': 'node-2' });
  });

  it('node.updated replaces the labels (keeping the hostname label) and the image cache; absent fields stay', () => {
    const engine = accepted(
      createEngine(),
      registered({ zone: 'a' }, ['nginx:1.25']),
      ev({ stream: 'node/node-1', type: 'node.updated', data: { labels: { disk: 'ssd' } } }),
    );
    const n = engine.env.nodes.get('node-1')!;
    expect(n.labels).toEqual({ 'kubernetes.io/hostname': 'node-1', disk: 'ssd' });
    expect([...n.images]).toEqual(['docker.io/library/nginx:1.25']);
    accepted(engine, ev({ stream: 'node/node-1', type: 'node.updated', data: { images: ['busybox'] } }));
    expect([...n.images]).toEqual(['docker.io/library/busybox:latest']);
    expect(n.labels).toEqual({ 'kubernetes.io/hostname': 'node-1', disk: 'ssd' });
  });
});

describe('Secret and ConfigMap events (the object registry)', () => {
  const secret = (stream: string, data: Record<string, unknown>) =>
    ev({ stream, type: 'secret.applied', data: { data: { k: 'djE=' }, ...data } });

  it('the stream is "<kind>/<namespace>/<name>"; data.namespace/data.name may repeat it, not contradict it', () => {
    expect(refusal(trusted(), secret('secret/default/', {}))).toEqual({
      code: 'wrong_stream',
      rule: 'stream',
      message: 'secret.applied rejected: stream must be "secret/<namespace>/<name>" (got "secret/default/")',
    });
    expect(refusal(trusted(), ev({ stream: 'configmap/ns/', type: 'configmap.applied', data: {} }))).toEqual({
      code: 'wrong_stream',
      rule: 'stream',
      message:
        'configmap.applied rejected: stream must be "configmap/<namespace>/<name>" (got "configmap/ns/")',
    });
    expect(refusal(createEngine(), secret('secret/default/db', { name: 'other' }))).toEqual({
      code: 'invalid_data',
      rule: 'stream',
      message:
        'secret.applied rejected: data names default/other but the stream is "secret/default/db": they must agree',
    });
    expect(refusal(createEngine(), secret('secret/default/db', { namespace: 'prod' })).code).toBe(
      'invalid_data',
    );
  });

  it('binaryData is kept as applied', () => {
    const engine = accepted(
      createEngine(),
      ev({ stream: 'configmap/default/bin', type: 'configmap.applied', data: { binaryData: { b: 'AAE=' } } }),
    );
    expect(engine.env.configMaps.get('default/bin')).toMatchObject({ data: {}, binaryData: { b: 'AAE=' } });
  });

  it('a trusted Secret record on a stream of another kind is refused, not thrown', () => {
    expect(
      refusal(trusted(), ev({ stream: 'node/x', type: 'secret.applied', data: { data: {} } })),
    ).toMatchObject({
      code: 'wrong_stream',
      rule: 'stream',
    });
  });

  it('a trusted Secret or ConfigMap record on another kind’s stream is refused even when its data names the object', () => {
    for (const type of ['secret.applied', 'configmap.applied'] as const) {
      const e = ev({ stream: 'node/x', type, data: { namespace: 'default', name: 'db', data: {} } });
      expect(refusal(trusted(), e), type).toMatchObject({ code: 'wrong_stream', rule: 'stream' });
    }
  });

  it('clock.advanced moves time only: no node, Secret or ConfigMap appears', () => {
    const engine = accepted(createEngine(), at(T2, { stream: 'cluster', type: 'clock.advanced', data: {} }));
    expect(engine.env.time).toBe(Date.parse(T2));
    expect(engine.env.configMaps.size).toBe(0);
    expect(engine.env.secrets.size).toBe(0);
    expect(engine.env.nodes.size).toBe(0);
  });

  it('applying stores the object with a version that counts applies; deleting removes it; deleting a missing one is refused', () => {
    const engine = accepted(
      createEngine(),
      secret('secret/default/db', { type: 'Opaque' }),
      ev({ stream: 'configmap/default/cfg', type: 'configmap.applied', data: { data: { a: 'b' } } }),
      at(T2, { stream: 'secret/default/db', type: 'secret.applied', data: { data: { k: 'djI=' } } }),
    );
    expect(engine.env.secrets.get('default/db')).toMatchObject({
      kind: 'secret',
      namespace: 'default',
      name: 'db',
      data: { k: 'djI=' },
      binaryData: {},
      appliedAt: Date.parse(T2),
      version: 2,
    });
    expect(engine.env.secrets.get('default/db')!.binaryData).toEqual({});
    expect(engine.env.configMaps.get('default/cfg')).toMatchObject({
      kind: 'configmap',
      data: { a: 'b' },
      version: 1,
    });
    expect(engine.env.secrets.has('default/cfg')).toBe(false);
    expect(
      refusal(engine, at(T2, { stream: 'configmap/default/db', type: 'configmap.deleted', data: {} })),
    ).toEqual({
      code: 'object_not_found',
      rule: 'object registry',
      message: 'configmap.deleted rejected: configmap default/db does not exist',
    });
    accepted(engine, at(T2, { stream: 'secret/default/db', type: 'secret.deleted', data: {} }));
    expect(engine.env.secrets.has('default/db')).toBe(false);
    expect(engine.env.configMaps.has('default/cfg')).toBe(true);
  });
});
