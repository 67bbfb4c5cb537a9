// Run only by `npm run mutation` (vitest.mutation.config.ts), in place of
// packages/core/test/invariants.prop.test.ts: that file's property (every invariant on generated
// lifecycles) at PODSTATE_RUNS lifecycles, without its generator checks (deep states reached,
// trace recording, same seed) — those test core/src/testing, not a mutated area, and sampled 300
// lifecycles (25 s) against every surviving engine or rules mutant.
import { buildLifecycle, checkInvariants, lifecyclePlanArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, it } from 'vitest';

const seed = Number(process.env.PODSTATE_SEED ?? 42);
const numRuns = Number(process.env.PODSTATE_RUNS ?? 30);

describe('invariants over generated lifecycles (mutation run)', () => {
  it('every invariant holds on every generated lifecycle', () => {
    fc.assert(
      fc.property(lifecyclePlanArbitrary(), (plan) => {
        const violations = checkInvariants(buildLifecycle(plan).trace);
        if (violations.length > 0) {
          const v = violations[0]!;
          throw new Error(`${v.invariant} at step ${v.step}: ${v.message} (seed ${seed})`);
        }
      }),
      { seed, numRuns },
    );
  });
});
