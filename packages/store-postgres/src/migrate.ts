import type { ClientBase } from 'pg';
import type { LogTables } from './sqlNames.js';

/**
 * Creates the log's schema, tables and notify trigger if missing. Idempotent; concurrent openers
 * serialise on an advisory lock because `create ... if not exists` races on the catalog.
 */
export async function migrate(client: ClientBase, t: LogTables): Promise<void> {
  const q = `"${t.schema}"`;
  await client.query('begin');
  try {
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`podstate.migrate.${t.schema}`]);
    await client.query(`create schema if not exists ${q}`);
    // One row holding the last assigned seq. Appenders increment it under its row lock, which they
    // hold until commit: that is what makes seq gapless and equal to commit order.
    await client.query(`create table if not exists ${t.position} (
      id boolean primary key default true check (id),
      seq bigint not null
    )`);
    await client.query(`insert into ${t.position} (id, seq) values (true, 0) on conflict (id) do nothing`);
    await client.query(`create table if not exists ${t.streams} (
      stream text primary key,
      revision bigint not null
    )`);
    // crc is the CRC-32 of the event's JSONL line (docs/events.md), so `podstate verify` and exports
    // check PostgreSQL rows as they check the file. data and meta are json, not jsonb: json keeps the writer's exact text (key order, number
    // spelling), so events read back identical to the other stores' and to what was appended.
    await client.query(`create table if not exists ${t.events} (
      seq bigint primary key,
      stream text not null,
      rev bigint not null,
      id text not null unique,
      type text not null,
      sv integer not null,
      time text not null,
      subject text,
      data json not null,
      meta json,
      batch_index integer not null,
      batch_size integer not null,
      crc text,
      tx xid8 not null default pg_current_xact_id(),
      unique (stream, rev)
    )`);
    await client.query(`create or replace function ${q}.notify_append() returns trigger
      language plpgsql as $$
      begin
        perform pg_notify('${t.channel}', '');
        return null;
      end $$`);
    await client.query(`create or replace trigger notify_append after insert on ${t.events}
      for each statement execute function ${q}.notify_append()`);
    await client.query('commit');
  } catch (e) {
    await client.query('rollback').catch(() => undefined);
    throw e;
  }
}
