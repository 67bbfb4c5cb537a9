import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./packages/${p}`, import.meta.url));

// Tests import package names; alias them to sources so no build is needed to test. The bare
// package names resolve to the internal entries, so the repo's tests keep reaching internal names
// (the published entries are checked by the pack-and-install test and docs/api.md).
const alias = {
  '@podstate/core/testing': src('core/src/testing/index.ts'),
  '@podstate/core/runtime': src('core/src/runtime.ts'),
  '@podstate/core/views': src('core/src/views.ts'),
  '@podstate/core/workers': src('core/src/workers/index.ts'),
  '@podstate/core/log': src('core/src/log/index.ts'),
  '@podstate/core/log-contract': src('core/src/testing/logContract.ts'),
  '@podstate/core/invariants': src('core/src/invariants.ts'),
  '@podstate/core/machines': src('core/src/machines.ts'),
  '@podstate/core/errors': src('core/src/errors.ts'),
  '@podstate/core/internal': src('core/src/internal.ts'),
  '@podstate/core': src('core/src/internal.ts'),
  '@podstate/projections/internal': src('projections/src/internal.ts'),
  '@podstate/projections/runtime': src('projections/src/runtime.ts'),
  '@podstate/projections/views': src('projections/src/views.ts'),
  '@podstate/projections': src('projections/src/internal.ts'),
  '@podstate/import': src('import/src/index.ts'),
  '@podstate/report': src('report/src/index.ts'),
  '@podstate/scenario/runtime': src('scenario/src/runtime.ts'),
  '@podstate/scenario/views': src('scenario/src/views.ts'),
  '@podstate/scenario': src('scenario/src/index.ts'),
  '@podstate/store-postgres': src('store-postgres/src/index.ts'),
};

export default defineConfig({
  resolve: { alias },
  test: {
    include: [
      'packages/*/src/**/*.test.ts',
      'packages/*/test/**/*.test.ts',
      'examples/**/*.test.ts',
      'docs/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    globalSetup: ['./packages/store-postgres/test/globalSetup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
