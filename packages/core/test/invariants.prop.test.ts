import { fc, test } from '@fast-check/vitest';
import { checkInvariants, type Lifecycle, lifecycleArbitrary, recordTrace } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 200);

describe('invariants over generated lifecycles (DESIGN.md I1–I11, I13, I14; docs/invariants.md I16, I17)', () => {
  // @fast-check/vitest: the seed is fixed (PODSTATE_SEED) and printed with the shrunk
  // counterexample on failure; PODSTATE_RUNS raises the run count.
  test.prop([lifecycleArbitrary()], { seed, numRuns })(
    'every invariant holds on every generated lifecycle',
    (l) => {
      const violations = checkInvariants(recordTrace(l.events, l.profile));
      if (violations.length > 0) {
        const v = violations[0]!;
        throw new Error(
          `${v.invariant} at step ${v.step} (${l.events[v.step]?.type}): ${v.message}; ${violations.length} violation(s)`,
        );
      }
    },
  );

  it('the generator reaches deep states: restarts, back-off, deletion mid-init, sandbox death, removal, node loss', () => {
    const sample = fc.sample(lifecycleArbitrary(), { seed, numRuns: Math.max(numRuns, 100) });
    const reached = new Set<string>();
    const rejected = new Set<string>();
    for (const l of sample as Lifecycle[]) {
      const trace = recordTrace(l.events, l.profile);
      for (const s of trace.steps) {
        if (!s.ok) {
          const backOff = s.code === 'crashloop_backoff' || s.code === 'pull_backoff';
          rejected.add(backOff ? 'back-off refusal' : 'other refusal');
          continue;
        }
        const p = s.after?.ctx;
        if (p?.containers.some((c) => c.ctx.restartCount >= 2)) reached.add('restartCount ≥ 2');
        if (s.event.type === 'pod.sandbox.died') reached.add('sandbox death');
        if (
          s.event.type === 'pod.deletion.requested' &&
          p?.containers.some((c) => c.ctx.role === 'init' && c.value === 'running.up')
        ) {
          reached.add('deletion mid-init');
        }
        if (s.after?.value === 'removed') reached.add('removed');
        if (s.event.type === 'node.lost') reached.add('node lost');
        if (s.event.type === 'pod.evicted') reached.add('evicted');
        if (p?.terminalPhase === 'Succeeded') reached.add('Succeeded');
        if (p?.terminalPhase === 'Failed') reached.add('Failed');
      }
    }
    expect([...reached].sort()).toEqual(
      [
        'Failed',
        'Succeeded',
        'deletion mid-init',
        'evicted',
        'node lost',
        'removed',
        'restartCount ≥ 2',
        'sandbox death',
      ].sort(),
    );
    expect(rejected.has('other refusal')).toBe(true);
  });

  it('I1: the same seed gives the same generated lifecycles', () => {
    const a = fc.sample(lifecycleArbitrary({ maxSteps: 30 }), { seed, numRuns: 20 });
    const b = fc.sample(lifecycleArbitrary({ maxSteps: 30 }), { seed, numRuns: 20 });
    expect(b).toEqual(a);
  });
});
