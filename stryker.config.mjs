// Stryker (mutation testing, issue 17): `npm run mutation` (scripts/mutation.mjs) runs it once per
// area — see AREAS there — and compares the surviving mutants with mutation/equivalents.json.
// One area by hand while writing killing tests:
//   MUTATION_AREA=rules npx stryker run            (or: npx stryker run --mutate packages/core/src/machines/backoff.ts)
// CPU-heavy: per-test coverage (only the tests that reach a mutant run against it), concurrency 1
// unless MUTATION_CONCURRENCY says otherwise, and only the fast unit/property tests of the mutated
// areas (vitest.mutation.config.ts: no PostgreSQL, no e2e).
import { AREAS } from './mutation/areas.mjs';

const area = AREAS.find((a) => a.name === (process.env.MUTATION_AREA ?? 'rules'));
if (area === undefined) throw new Error(`MUTATION_AREA: one of ${AREAS.map((a) => a.name).join(', ')}`);
// MUTATION_FILE (scripts/mutation.mjs --file): one whole file of the area, with its own report,
// incremental file and sandbox, so runs of different files do not overwrite each other's.
const file = process.env.MUTATION_FILE;
const tag = file === undefined ? area.name : `${area.name}.${file.replace(/^.*\//, '').replace(/\.ts$/, '')}`;

// The property tests run 30 lifecycles (the area's `runs`) against each mutant (1,000 in
// `npm test`): each surviving mutant costs every test that reaches it, property runs included.
process.env.PODSTATE_RUNS ??= String(area.runs ?? 30);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', './mutation/survivorsLog.mjs'],
  coverageAnalysis: 'perTest',
  concurrency: Number(process.env.MUTATION_CONCURRENCY ?? 1),
  mutate: file === undefined ? area.mutate : [file],
  // Static mutants (a machine definition's object literals, evaluated once when the module loads)
  // need every test against each of them: only the machine-definitions area tests them.
  ignoreStatic: !area.static,
  reporters: ['clear-text', 'progress', 'json', 'survivors-log'],
  jsonReporter: { fileName: `reports/mutation/${tag}.json` },
  clearTextReporter: { allowColor: false, logTests: false, reportMutants: false },
  // Incremental: a re-run tests again only the mutants whose code or covering tests changed.
  incremental: true,
  incrementalFile: `reports/mutation/${tag}.incremental.json`,
  tempDirName: `.stryker-tmp/${tag}`,
  cleanTempDir: true,
  // No `// @ts-nocheck` in the sandbox's copies: vitest type-checks nothing, and
  // generatedTables.test.ts compares machines/generated/tables.ts with the generator's output.
  disableTypeChecks: false,
  timeoutMS: 10_000,
  dryRunTimeoutMinutes: 30,
  thresholds: { high: 95, low: 90, break: null },
  ignorePatterns: ['reports', 'docs', 'examples', 'packages/*/dist', '**/*.tsbuildinfo', '.stryker-tmp'],
};
