import { createEngine, type Engine, type EventInput } from '@podstate/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

/** What badInput.prop.test.ts asserts for each input: apply and check never throw and agree. */
function neverThrowsAndAgrees(engine: Pick<Engine, 'apply' | 'check'>, input: unknown): void {
  const e = input as EventInput;
  const checked = engine.check(e);
  const r = engine.apply(e);
  expect(r.ok).toBe(checked === undefined);
}

/** The engine as it was before manifests were validated at its entry: `spec.containers: "nope"` throws. */
function engineReadingUncheckedManifests(): Pick<Engine, 'apply' | 'check'> {
  const engine = createEngine();
  const touch = (e: EventInput) => {
    if (e.type === 'pod.created') {
      const spec = (e.data as { manifest: { spec: { containers: { name: string }[] } } }).manifest.spec;
      spec.containers.map((c) => c.name);
    }
  };
  return {
    apply: (e) => {
      touch(e);
      return engine.apply(e);
    },
    check: (e) => {
      touch(e);
      return engine.check(e);
    },
  };
}

const handMade = {
  stream: 'pod/u2',
  type: 'pod.created',
  time: '2026-01-01T00:00:01.000Z',
  data: { manifest: { metadata: { name: 'x' }, spec: { containers: 'nope' } } },
};

describe('the arbitrary-JSON property catches an engine that throws (issue 9, Bad input)', () => {
  it('fails, naming the TypeError, on the hand-made `spec.containers: "nope"` against a throwing engine', () => {
    const out = fc.check(
      fc.property(fc.constant(handMade), (input) =>
        neverThrowsAndAgrees(engineReadingUncheckedManifests(), input),
      ),
      { seed: 42 },
    );
    expect(out.failed).toBe(true);
    expect(String(out.errorInstance)).toContain('TypeError');
  });

  it('passes on the same input against the real engine', () => {
    const out = fc.check(
      fc.property(fc.constant(handMade), (input) => neverThrowsAndAgrees(createEngine(), input)),
      { seed: 42 },
    );
    expect(out.failed).toBe(false);
  });
});
