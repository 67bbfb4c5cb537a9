import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createPostgresLog, type PostgresLog } from '../src/index.js';

/** The URL of the run's throwaway server (see globalSetup.ts). */
export function pgUrl(): string {
  return inject('pgUrl');
}

/** A schema name no other test uses. */
export function freshSchema(): string {
  return `t_${randomBytes(6).toString('hex')}`;
}

/** Drops a test's schema and everything in it. */
export async function dropSchema(schema: string): Promise<void> {
  const client = new pg.Client({ connectionString: pgUrl() });
  await client.connect();
  try {
    await client.query(`drop schema if exists "${schema}" cascade`);
  } finally {
    await client.end();
  }
}

/** A log in a fresh schema of the test server, and its cleanup (close, then drop the schema). */
export async function createTestLog(
  options: { pollIntervalMs?: number; schema?: string } = {},
): Promise<{ log: PostgresLog; cleanup(): Promise<void> }> {
  const schema = options.schema ?? freshSchema();
  const log = await createPostgresLog({
    connectionString: pgUrl(),
    schema,
    pollIntervalMs: options.pollIntervalMs ?? 50,
  });
  return {
    log,
    cleanup: async () => {
      await log.close();
      await dropSchema(schema);
    },
  };
}
