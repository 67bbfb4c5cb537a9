import { createEngine, type Engine, EVENT_TYPES, type EventInput } from '@podstate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
// 1,500 inputs in `npm test`; PODSTATE_RUNS sets the count (`npm run mutation` runs fewer).
const numRuns = Number(process.env.PODSTATE_RUNS ?? 1500);

/** A live cluster: a node, a Pod scheduled on it with a running sandbox, and a Secret. */
function cluster(): Engine {
  const engine = createEngine();
  const t = '2026-01-01T00:00:00.000Z';
  const events: EventInput[] = [
    { stream: 'node/node-1', type: 'node.registered', time: t, data: { node: 'node-1', labels: {} } },
    {
      stream: 'pod/u1',
      type: 'pod.created',
      time: t,
      subject: 'default/web',
      data: {
        manifest: { metadata: { name: 'web' }, spec: { containers: [{ name: 'app', image: 'nginx' }] } },
      },
    },
    { stream: 'pod/u1', type: 'pod.scheduled', time: t, data: { node: 'node-1' } },
    { stream: 'pod/u1', type: 'pod.sandbox.ready', time: t, data: { podIP: '10.0.0.2' } },
  ];
  for (const e of events) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(r.rejection.message);
  }
  return engine;
}

const json = fc.jsonValue({ maxDepth: 4 });
const nasty = fc.constantFrom('__proto__', 'constructor', 'toString', 'valueOf', 'hasOwnProperty');
const key = fc.oneof(
  fc.string({ maxLength: 12 }),
  nasty,
  fc.constantFrom('container', 'exitCode', 'node', 'podIP', 'manifest', 'probe'),
);
const data = fc.oneof(
  json,
  fc.dictionary(key, json, { maxKeys: 6 }),
  fc.record({ manifest: fc.oneof(json, fc.dictionary(key, json)) }),
);
/** Any JSON, shaped like an event often enough to reach the data checks and the rules. */
const eventish = fc.oneof(
  json,
  fc.record(
    {
      stream: fc.oneof(
        fc.constantFrom('pod/u1', 'pod/u2', 'node/node-1', 'cluster', 'secret/default/s'),
        json,
      ),
      type: fc.oneof(fc.constantFrom(...EVENT_TYPES), json),
      time: fc.oneof(fc.constantFrom('2026-01-01T00:00:05.000Z', '2025-01-01T00:00:00Z', 'soon'), json),
      data,
      subject: fc.oneof(fc.string(), json),
    },
    { requiredKeys: [] },
  ),
);

/** Arbitrary JSON parsed the way a log line or argument is: so `__proto__` keys are own data keys. */
// A numeric `seq` marks a record read from a CRC-checked log, which the engine trusts (replay skips
// validation): untrusted input never carries one, so it is left out here.
const parsed = eventish.map((v) => {
  const out = JSON.parse(JSON.stringify(v)) as unknown;
  if (typeof out === 'object' && out !== null && !Array.isArray(out)) delete (out as { seq?: unknown }).seq;
  return out;
});

describe("arbitrary JSON offered to the engine's apply and check is refused with a code, never thrown (issue 9, Bad input)", () => {
  it('apply and check agree; a refusal carries {code, rule, message}; a refused event changes nothing (I13)', () => {
    fc.assert(
      fc.property(parsed, (input) => {
        const engine = cluster();
        const before = JSON.stringify(engine.snapshot());
        const e = input as EventInput;
        const checked = engine.check(e);
        const r = engine.apply(e);
        expect(r.ok).toBe(checked === undefined);
        if (!r.ok) {
          expect(typeof r.rejection.code).toBe('string');
          expect(typeof r.rejection.rule).toBe('string');
          expect(r.rejection.message.length).toBeGreaterThan(0);
          expect(JSON.stringify(engine.snapshot())).toBe(before);
        }
      }),
      { seed, numRuns, verbose: 1 },
    );
  });

  it('the property can fail: a hand-made TypeError-prone event is refused, not thrown', () => {
    const engine = cluster();
    const r = engine.apply({
      stream: 'pod/u2',
      type: 'pod.created',
      time: '2026-01-01T00:00:01.000Z',
      data: { manifest: { metadata: { name: 'x' }, spec: { containers: 'nope' } } },
    });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.rejection.code).toBe('invalid_data');
    expect(!r.ok && r.rejection.message).toContain(
      'cannot unmarshal string into Go struct field PodSpec.spec.containers',
    );
    const wrong = engine.apply({
      stream: 'pod/u1',
      type: 'container.exited',
      time: '2026-01-01T00:00:01.000Z',
      data: { container: 'app', exitCode: 1.5 },
    });
    expect(!wrong.ok && wrong.rejection.message).toBe(
      'container.exited data.exitCode: must be an integer, got 1.5',
    );
  });
});
