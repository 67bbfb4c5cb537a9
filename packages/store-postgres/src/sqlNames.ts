import { PodstateError } from '@podstate/core';

/** The fully quoted table names and notification channel of one log's schema. */
export interface LogTables {
  schema: string;
  position: string;
  streams: string;
  events: string;
  /** The LISTEN/NOTIFY channel that appends in this schema signal on. */
  channel: string;
}

const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,47}$/;

/**
 * Checks a schema name and returns the quoted names of the log's tables in it.
 * The name is restricted (not just quoted) so it also fits in a NOTIFY channel name.
 */
export function toLogTables(schema: string): LogTables {
  if (!SCHEMA_NAME.test(schema)) {
    throw new PodstateError(
      'bad_input',
      `PostgreSQL schema name "${schema}" is not allowed: use 1-48 lowercase letters, digits or "_", starting with a letter or "_".`,
      { schema },
    );
  }
  const q = `"${schema}"`;
  return {
    schema,
    position: `${q}.log_position`,
    streams: `${q}.streams`,
    events: `${q}.events`,
    channel: `podstate_events_${schema}`,
  };
}
