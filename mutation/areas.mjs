// The areas `npm run mutation` measures, each needing a score of at least 90 %
// (killed / (killed + survived + timed out)). Shared by stryker.config.mjs and scripts/mutation.mjs.
const machines = 'packages/core/src/machines';

// The test files run against an area's mutants (vitest.mutation.config.ts): the fast unit and
// property tests that reach the area's code. No PostgreSQL, no e2e, no CLI binary, no browser.
// invariants.prop.test.ts's property runs from mutation/invariants.test.ts (without its slow
// generator checks); invariantStream.test.ts compares two checkers over the same engine (it tests
// core/src/testing, 8 s a run): both are left out (vitest.mutation.config.ts excludes them).
const coreTests = [
  'packages/core/test/*.test.ts',
  'packages/core/src/events/*.test.ts',
  'packages/core/src/machines/*.test.ts',
  'mutation/invariants.test.ts',
];
const projectionTests = [
  'packages/projections/test/*.test.ts',
  'packages/projections/src/kube/*.test.ts',
  'packages/projections/src/fold/*.test.ts',
  'packages/projections/src/runtime.test.ts',
];
export const AREAS = [
  {
    name: 'rules',
    tests: coreTests,
    mutate: [
      `${machines}/containerRules.ts`,
      `${machines}/podRules.ts`,
      `${machines}/podGuards.ts`,
      `${machines}/podActions.ts`,
      `${machines}/backoff.ts`,
    ],
  },
  {
    // The rest of core/src/machines: the chart definitions' non-static code, compile.ts (the
    // table runner), tableSource.ts (the generator of generated/tables.ts), copy.ts, refusal.ts,
    // podStates.ts, machineRules.ts, compiledPod/compiledContainer.ts, clusterMachine.ts.
    // generated/tables.ts (a subdirectory, so not in the glob) is left out: it is data written by
    // tableSource.ts from the charts, and generatedTables.test.ts fails unless it is exactly that
    // output (a mutant of it is a stale file, caught by text comparison, not by behaviour); what
    // it encodes is measured through its sources, the charts (machines-static), compile.ts and
    // tableSource.ts.
    name: 'machines',
    tests: coreTests,
    mutate: [
      `${machines}/*.ts`,
      `!${machines}/*.test.ts`,
      `!${machines}/containerRules.ts`,
      `!${machines}/podRules.ts`,
      `!${machines}/podGuards.ts`,
      `!${machines}/podActions.ts`,
      `!${machines}/backoff.ts`,
      `!${machines}/index.ts`,
      `!${machines}/types.ts`,
      `!${machines}/events.ts`,
    ],
    // One call or one object of names each: Stryker plants no mutant in them.
    noMutants: [
      `${machines}/compiledContainer.ts`,
      `${machines}/compiledPod.ts`,
      `${machines}/machineRules.ts`,
    ],
  },
  {
    // The machine definitions' static mutants (run apart: each needs the whole test set): the Pod,
    // container and cluster charts' object literals, evaluated once when the module loads.
    name: 'machines-static',
    static: true,
    // The engine replays generated/tables.ts, never these definitions: only the tests that load the
    // XState charts can see a static mutant of them (the generated tables against compileMachine of
    // the charts, the charts' shape and descriptions, XState against the tables and against the
    // engine). Each static mutant reloads every test file it runs (isolated), so the rest of the
    // core tests would only add minutes per mutant. chartsLoad imports the charts inside its tests:
    // a chart XState refuses throws while its module loads, which in the other files is an error
    // while collecting, not a failed test (Stryker counted such mutants as survived).
    tests: [
      'packages/core/test/chartsLoad.test.ts',
      'packages/core/test/generatedTables.test.ts',
      'packages/core/test/charts.test.ts',
      'packages/core/test/coverage.test.ts',
      'packages/core/test/equivalence.prop.test.ts',
      'packages/core/test/clusterMachine.prop.test.ts',
      'packages/core/test/clusterMachineInput.test.ts',
    ],
    mutate: [`${machines}/podMachine.ts`, `${machines}/containerMachine.ts`, `${machines}/clusterMachine.ts`],
  },
  {
    name: 'engine',
    // The engine's mutants reach every core test: its survivors cost the whole set, so it runs
    // the property tests at 16 runs (clusterMachine.prop's hand-made divergence needs its 4) and
    // leaves out equivalence.prop (compiled tables against XState: the machines areas' concern).
    // noopMemo.prop (the no-op memo against the cluster machine) is left out too: its lifecycles
    // grow tenfold with repeats and it needs ~25 of them to reach the memo (30 s a run); at the
    // area's 16 runs it plays 2 and its reach check fails the dry run.
    tests: coreTests,
    exclude: ['packages/core/test/equivalence.prop.test.ts', 'packages/core/test/noopMemo.prop.test.ts'],
    runs: 16,
    mutate: [
      'packages/core/src/engine/*.ts',
      '!packages/core/src/engine/index.ts',
      '!packages/core/src/engine/types.ts',
    ],
  },
  {
    name: 'projections',
    tests: projectionTests,
    mutate: [
      'packages/projections/src/status/*.ts',
      '!packages/projections/src/status/index.ts',
      'packages/projections/src/kube/generateConditions.ts',
      'packages/projections/src/kube/getPhase.ts',
    ],
  },
];
