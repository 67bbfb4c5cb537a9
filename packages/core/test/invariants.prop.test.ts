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
  type Violation,
} from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
// 1,000 lifecycles in `npm test` (issue 17): the CI seed's lifecycles, whose coverage of the
// charts and of kubectl's STATUS values projections/test/lifecycleCoverage.test.ts checks.
const numRuns = Number(process.env.PODSTATE_RUNS ?? 1000);

type Events = Lifecycle['events'];

const firstViolation = (events: Events, profile: Lifecycle['profile']): Violation | undefined =>
  checkInvariants(recordTrace(events, profile)).sort((a, b) => a.step - b.step)[0];

/**
 * The shrunk plan's lifecycle cut after its first violation, then without every step the violation
 * does not need, as `podstate explore` shrinks its counterexamples (dropSteps): one step after the
 * starting objects dropped at a time while the first violation is still of the same invariant.
 * Shrinking the plan alone gets stuck where removing a choice changes what every later choice
 * means (issue 17: counterexamples of at most 10 events).
 */
function minimalCounterexample(l: Lifecycle, setup: number): { events: Events; violation: Violation } {
  const full = firstViolation(l.events, l.profile)!;
  let events = l.events.slice(0, Math.max(full.step + 1, setup));
  let violation = firstViolation(events, l.profile);
  if (violation?.invariant !== full.invariant) return { events: l.events, violation: full };
  let dropped = true;
  while (dropped) {
    dropped = false;
    for (let i = events.length - 1; i >= setup; i--) {
      if (i >= events.length) continue;
      const candidate = [...events.slice(0, i), ...events.slice(i + 1)];
      const v = firstViolation(candidate, l.profile);
      if (v?.invariant !== full.invariant) continue;
      events = candidate.slice(0, Math.max(v.step + 1, setup));
      violation = v;
      dropped = true;
    }
  }
  return { events, violation };
}

describe('invariants over generated lifecycles (DESIGN.md I1–I11, I13, I14; docs/invariants.md I16, I17)', () => {
  // @fast-check/vitest: the seed is fixed (PODSTATE_SEED) and printed with the shrunk
  // counterexample on failure; PODSTATE_RUNS raises the run count.
  // The plan (the shrinkable choices) is what fast-check prints: buildLifecycle(plan) rebuilds it.
  // The failure lists the shrunk plan's events without the steps the violation does not need
  // (minimalCounterexample), each `#<index> <stream> <type> <data>`.
  test.prop([lifecyclePlanArbitrary()], {
    seed,
    numRuns,
    reporter: (details) => {
      if (!details.failed) return;
      const report = fc.defaultReportMessage(details);
      const plan = details.counterexample?.[0];
      if (plan === undefined) throw new Error(report);
      const l = buildLifecycle(plan);
      const setup = 2 + plan.pods.length;
      if (firstViolation(l.events, l.profile) === undefined) throw new Error(report);
      const { events, violation: v } = minimalCounterexample(l, setup);
      const lines = events.map((e, i) => `  #${i} ${e.stream} ${e.type} ${JSON.stringify(e.data)}`);
      throw new Error(
        `${v.invariant} at step ${v.step} (${events[v.step]?.type}): ${v.message}; ${events.length - setup} step(s) after the starting objects (the shrunk plan has ${l.events.length - setup})\n${lines.slice(setup).join('\n')}\n\n${report}`,
      );
    },
  })('every invariant holds on every generated lifecycle', (plan) => {
    const violations = checkInvariants(buildLifecycle(plan).trace);
    if (violations.length > 0) {
      const v = violations[0]!;
      throw new Error(`${v.invariant} at step ${v.step}: ${v.message}; ${violations.length} violation(s)`);
    }
  });

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
