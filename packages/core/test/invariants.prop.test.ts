import { fc, test } from '@fast-check/vitest';
import {
  buildLifecycle,
  checkInvariants,
  type Lifecycle,
  lifecycleArbitrary,
  lifecyclePlanArbitrary,
  recordTrace,
  sameJSON,
  type Trace,
} from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
// 1,000 lifecycles in `npm test` (issue 17): the CI seed's lifecycles, whose coverage of the
// charts and of kubectl's STATUS values projections/test/lifecycleCoverage.test.ts checks.
const numRuns = Number(process.env.PODSTATE_RUNS ?? 1000);

describe('invariants over generated lifecycles (DESIGN.md I1–I11, I13, I14; docs/invariants.md I16, I17)', () => {
  // @fast-check/vitest: the seed is fixed (PODSTATE_SEED) and printed with the shrunk
  // counterexample on failure; PODSTATE_RUNS raises the run count.
  // The plan (the shrinkable choices) is what fast-check prints: buildLifecycle(plan) rebuilds it.
  test.prop([lifecyclePlanArbitrary()], { seed, numRuns })(
    'every invariant holds on every generated lifecycle',
    (plan) => {
      const l = buildLifecycle(plan);
      const violations = checkInvariants(l.trace);
      if (violations.length > 0) {
        const v = violations[0]!;
        const events = l.events.map((e, i) => `  #${i} ${e.stream} ${e.type} ${JSON.stringify(e.data)}`);
        throw new Error(
          `${v.invariant} at step ${v.step} (${l.events[v.step]?.type}): ${v.message}; ${violations.length} violation(s)\n${events.slice(2 + plan.pods.length).join('\n')}`,
        );
      }
    },
  );

  it('the generator reaches deep states: restarts, back-off, deletion mid-init, sandbox death, removal, node loss', () => {
    const sample = fc.sample(lifecycleArbitrary(), { seed, numRuns: 300 });
    const reached = new Set<string>();
    const rejected = new Set<string>();
    for (const l of sample as Lifecycle[]) {
      for (const s of l.trace.steps) {
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
          // deletion stops a running init container (killContainer): running.stopping
          p?.containers.some((c) => c.ctx.role === 'init' && c.value.startsWith('running.stopping'))
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

  it('the trace recorded while generating is the one recordTrace gives for the same events', () => {
    // Around a refused event the recorder keeps plain JSON when nothing changed (canonical only
    // on a difference), so I13's verdict is compared, not the strings.
    const plain = (t: Trace) => ({
      ...t,
      steps: t.steps.map(({ stateBefore, stateAfter, ...rest }) => ({
        ...rest,
        unchanged: stateBefore === undefined ? undefined : stateBefore === stateAfter,
      })),
    });
    for (const l of fc.sample(lifecycleArbitrary(), { seed, numRuns: 30 }) as Lifecycle[]) {
      const again = recordTrace(l.events, l.profile, l.trace.snapshot!.index);
      expect(sameJSON(plain(l.trace), plain(again)), `seed ${seed}`).toBe(true);
    }
  });

  it('I1: the same seed gives the same generated lifecycles', () => {
    const a = fc.sample(lifecycleArbitrary({ maxSteps: 30 }), { seed, numRuns: 20 });
    const b = fc.sample(lifecycleArbitrary({ maxSteps: 30 }), { seed, numRuns: 20 });
    expect(b).toEqual(a);
  });
});
