import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createPostgresLog } from '@podstate/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { eventJson, makeTempDir, podstate } from './helpers.js';

// A database of its own on the run's throwaway server (globalSetup), so the default schema is ours.
const database = `cli_e2e_${randomBytes(4).toString('hex')}`;
let url = '';
// Another for the verify/repair test, so it does not depend on what other tests appended.
const repairDatabase = `${database}_r`;
let repairUrl = '';

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
  await admin(`create database ${repairDatabase}`);
  const r = new URL(inject('pgUrl'));
  r.pathname = `/${repairDatabase}`;
  repairUrl = r.toString();
  const u = new URL(inject('pgUrl'));
  u.pathname = `/${database}`;
  url = u.toString();
});

afterAll(async () => {
  await admin(`drop database if exists ${database} with (force)`);
  await admin(`drop database if exists ${repairDatabase} with (force)`);
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

  it('verify and repair on a PostgreSQL store: the first event that does not replay is named; repair --yes cuts back to the last good seq, copying the rest aside', async () => {
    const cwd = makeTempDir();
    const url = repairUrl;
    for (const [k, s] of [
      [0, 'n1'],
      [1, 'n2'],
    ] as const) {
      expect(
        podstate(['append', '--store', url, eventJson(`node/${s}`, 'node.registered', k, { node: s })], {
          cwd,
        }).code,
      ).toBe(0);
    }
    const ok = podstate(['verify'], { cwd, env: { PODSTATE_STORE: url } });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(/: ok, 2 events, head seq 2; replays cleanly/);
    const password = new URL(url).password;
    if (password) expect(ok.stdout).not.toContain(`:${password}@`);
    // A log written past the CLI (the library does not consult the engine): time goes backwards at seq 4.
    const log = await createPostgresLog({ connectionString: url });
    await log.append('cluster', [{ type: 'clock.advanced', time: '2024-05-01T12:10:00.000Z', data: {} }]);
    await log.append('cluster', [
      { type: 'clock.advanced', time: '2024-05-01T12:05:00.000Z', data: {} },
      { type: 'clock.advanced', time: '2024-05-01T12:20:00.000Z', data: {} },
    ]);
    await log.close();
    const bad = podstate(['verify', '--store', url], { cwd });
    expect(bad.code).toBe(3);
    expect(bad.stderr).toMatch(
      /event seq 4 \(clock\.advanced\) does not replay: .*time must not go backwards/,
    );
    expect(bad.stderr).toContain('podstate repair --store <url> --yes cuts the store back to seq 3');
    const asked = podstate(['repair', '--store', url], { cwd });
    expect(asked.code).toBe(2);
    expect(asked.stderr).toMatch(/keeps seq 1\.\.3 and removes seq 4\.\.5 \(2 events\).*--yes/);
    const done = podstate(['repair', '--store', url, '--yes'], { cwd });
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(
      /kept 3 events; removed 2 \(seq 4\.\.5\), copied to podstate-podstate\.removed-4\.jsonl/,
    );
    const aside = readFileSync(join(cwd, 'podstate-podstate.removed-4.jsonl'), 'utf8').trimEnd().split('\n');
    expect(aside.map((l) => JSON.parse(l).seq)).toEqual([4, 5]);
    expect(podstate(['verify', '--store', url], { cwd }).code).toBe(0);
    // The store takes appends again at the next seq and revision.
    const later = JSON.stringify({
      stream: 'cluster',
      type: 'clock.advanced',
      time: '2024-05-01T12:30:00.000Z',
      data: {},
    });
    const again = podstate(['append', '--store', url, later], { cwd });
    expect(again.stderr).toBe('');
    expect(again.stdout).toMatch(/^appended seq=4 stream=cluster rev=2 /);
  }, 180_000);

  it('a server that is down → exit 4 (store unavailable, retry), not 2; the password is not shown', () => {
    const cwd = makeTempDir();
    const down = 'postgres://podstate:s3cret@127.0.0.1:1/postgres';
    for (const args of [
      ['get', 'pods', '--store', down],
      ['append', '--store', down, eventJson('node/n', 'node.registered', 0, { node: 'n' })],
    ]) {
      const r = podstate(args, { cwd, env: { PODSTATE_STORE_RETRY_MS: '200' } });
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(
        /^podstate: The PostgreSQL log at postgres:\/\/podstate:\*\*\*@127\.0\.0\.1:1\/postgres is unavailable/,
      );
      expect(r.stderr).not.toContain('s3cret');
    }
  });
});
