import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventJson, makeTempDir, podstate } from './helpers.js';

// A database of its own on the run's throwaway server (globalSetup), so the default schema is ours.
const database = `cli_e2e_${randomBytes(4).toString('hex')}`;
let url = '';

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: inject('pgUrl') });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

beforeAll(async () => {
  await admin(`create database ${database}`);
  const u = new URL(inject('pgUrl'));
  u.pathname = `/${database}`;
  url = u.toString();
});

afterAll(async () => {
  await admin(`drop database if exists ${database} with (force)`);
});

describe('podstate append --store / PODSTATE_STORE (e2e, real PostgreSQL)', () => {
  it('appends to the PostgreSQL log chosen by --store, then by PODSTATE_STORE; --log still wins over the env', () => {
    const cwd = makeTempDir();
    const a = podstate(
      ['append', '--store', url, eventJson('node/n1', 'node.registered', 0, { node: 'n1' })],
      { cwd },
    );
    expect(a.stderr).toBe('');
    expect(a.stdout).toMatch(/^appended seq=1 stream=node\/n1 rev=1 id=\S+\n$/);
    const b = podstate(['append', eventJson('node/n1', 'node.updated', 1, {})], {
      cwd,
      env: { PODSTATE_STORE: url },
    });
    expect(b.stdout).toMatch(/^appended seq=2 stream=node\/n1 rev=2 id=\S+\n$/);
    const c = podstate(
      ['append', '--log', 'local.jsonl', eventJson('node/n1', 'node.registered', 0, { node: 'n1' })],
      {
        cwd,
        env: { PODSTATE_STORE: url },
      },
    );
    expect(c.stdout).toMatch(/^appended seq=1 /);
  });

  it('verify on a PostgreSQL store → exit 2 explaining it checks JSONL files, password hidden', () => {
    const r = podstate(['verify'], { cwd: makeTempDir(), env: { PODSTATE_STORE: url } });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('podstate: podstate verify works on JSONL logs');
    const password = new URL(url).password;
    if (password) expect(r.stderr).not.toContain(`:${password}@`);
  });
});
