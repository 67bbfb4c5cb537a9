// The areas `npm run mutation` measures, each needing a score of at least 90 %
// (killed / (killed + survived + timed out)). Shared by stryker.config.mjs and scripts/mutation.mjs.
const machines = 'packages/core/src/machines';
export const AREAS = [
  {
    name: 'rules',
    mutate: [
      `${machines}/containerRules.ts`,
      `${machines}/podRules.ts`,
      `${machines}/podGuards.ts`,
      `${machines}/podActions.ts`,
      `${machines}/backoff.ts`,
    ],
  },
  {
    name: 'machines',
    mutate: [
      `${machines}/*.ts`,
      `!${machines}/containerRules.ts`,
      `!${machines}/podRules.ts`,
      `!${machines}/podGuards.ts`,
      `!${machines}/podActions.ts`,
      `!${machines}/backoff.ts`,
      `!${machines}/index.ts`,
      `!${machines}/types.ts`,
      `!${machines}/events.ts`,
    ],
  },
  {
    // The machine definitions' static mutants (run apart: each needs the whole test set).
    name: 'machines-static',
    static: true,
    mutate: [`${machines}/podMachine.ts`, `${machines}/containerMachine.ts`],
  },
  {
    name: 'engine',
    mutate: [
      'packages/core/src/engine/*.ts',
      '!packages/core/src/engine/index.ts',
      '!packages/core/src/engine/types.ts',
    ],
  },
  {
    name: 'projections',
    mutate: [
      'packages/projections/src/status/*.ts',
      '!packages/projections/src/status/index.ts',
      'packages/projections/src/kube/generateConditions.ts',
      'packages/projections/src/kube/getPhase.ts',
    ],
  },
];
