import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from './startEmbeddedPostgres.js';

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
  const server = await startEmbeddedPostgres();
  project.provide('pgUrl', server.url);
  return () => server.stop();
}
