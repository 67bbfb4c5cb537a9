import { defineConfig } from 'vitest/config';
import { AREAS } from './mutation/areas.mjs';
import MutationSequencer from './mutation/sequencer.js';
import base from './vitest.config.js';

// The tests `npm run mutation` (Stryker, stryker.config.mjs) runs against each mutant: the fast
// unit and property tests of the area being mutated (mutation/areas.mjs `tests`, chosen by
// MUTATION_AREA) — the machines, the rules, the engine, the projections' status and condition
// generators. No PostgreSQL (no globalSetup), no e2e, no CLI binary, no docs or browser tests.
// mutation/setup.ts stops fast-check at the first failure (a killed mutant needs no shrunk
// counterexample).
const area = AREAS.find((a) => a.name === (process.env.MUTATION_AREA ?? 'rules'));
if (area === undefined) throw new Error(`MUTATION_AREA: one of ${AREAS.map((a) => a.name).join(', ')}`);

export default defineConfig({
  resolve: base.resolve,
  test: {
    include: area.tests,
    // typedEvents type-checks against dist (not in Stryker's sandbox) and runs no engine code;
    // lifecycleCoverage generates the CI seed's 1,000 lifecycles while collecting (too slow to run
    // against each mutant; the invariants property test replays lifecycles from the same generator).
    exclude: [
      'packages/core/test/docs-*.test.ts',
      'packages/core/test/typedEvents.test.ts',
      'packages/projections/test/lifecycleCoverage.test.ts',
      'packages/core/test/invariants.prop.test.ts',
      'packages/core/test/invariantStream.test.ts',
      '**/node_modules/**',
      ...(area.exclude ?? []),
    ],
    setupFiles: ['./mutation/setup.ts'],
    sequence: { sequencer: MutationSequencer },
    // Stryker switches mutants at run time (mutant switching), so test files can share one module
    // cache: importing the engine once per worker instead of once per test file per mutant. Not for
    // static mutants (machines-static): a chart definition is evaluated when its module loads, so
    // each run must load it again under the active mutant (with a shared cache the first load's
    // chart, without the mutant, answered every test and every static mutant survived).
    isolate: area.static === true,
    testTimeout: 60_000,
  },
});
