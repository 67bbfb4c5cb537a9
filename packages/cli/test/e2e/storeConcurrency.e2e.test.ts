import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type RecordedEvent } from '@podstate/core';
import { createPostgresLog } from '@podstate/store-postgres';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { binPath, makeTempDir, podstate } from './helpers.js';

// A database of its own on the run's throwaway server (globalSetup).
const database = `cli_conc_${randomBytes(4).toString('hex')}`;
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

const T0 = Date.UTC(2024, 4, 1, 12);
const tick = (s: number) =>
  JSON.stringify({
    stream: 'cluster',
    type: 'clock.advanced',
    time: new Date(T0 + s * 1000).toISOString(),
    data: {},
  });

/** Runs the binary without blocking the test, so several writers run at once. */
function start(args: string[], cwd: string) {
  const child = spawn(process.execPath, [binPath, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => {
    stdout += c.toString();
  });
  child.stderr.on('data', (c: Buffer) => {
    stderr += c.toString();
  });
  const done = new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, stdout, stderr })),
  );
  return { done, lines: () => stdout.split('\n').length - 1 };
}

describe('concurrent CLI writers on one PostgreSQL log (e2e, real PostgreSQL)', () => {
  it('a long append of clock.advanced and writers dating an event in its middle: each append is decided at commit, the log always replays', async () => {
    const cwd = makeTempDir();
    const N = 600;
    writeFileSync(
      join(cwd, 'ticks.jsonl'),
      `${Array.from({ length: N }, (_, i) => tick(i + 1)).join('\n')}\n`,
    );
    const long = start(['append', '--store', url, '-f', 'ticks.jsonl'], cwd);
    // Wait until the long writer is under way, then start writers whose event falls in its middle.
    for (let i = 0; i < 3000 && long.lines() < 20; i++) await new Promise((r) => setTimeout(r, 5));
    const middle = [N / 4, N / 2, (3 * N) / 4].map((s) =>
      start(['append', '--store', url, tick(s + 0.5)], cwd),
    );
    const results = await Promise.all([long.done, ...middle.map((m) => m.done)]);
    for (const r of results) {
      // Appended (0) or refused as no longer legal (2) — never a crash, never a log that does not replay.
      expect([0, 2], r.stderr).toContain(r.code);
      if (r.code === 2) expect(r.stderr).toMatch(/time must not go backwards/);
    }
    const log = await createPostgresLog({ connectionString: url });
    const events: RecordedEvent[] = [];
    try {
      for await (const e of log.read()) events.push(e);
    } finally {
      await log.close();
    }
    const engine = createEngine();
    for (const e of events) expect(engine.apply(e).ok, `seq ${e.seq} (${e.time}) does not replay`).toBe(true);
    // The writers really interleaved: some middle writer or the long one was refused, or got in between.
    const refused = results.filter((r) => r.code === 2).length;
    const acknowledged = results.reduce((n, r) => n + (r.stdout.match(/^appended /gm) ?? []).length, 0);
    expect(events.length).toBe(acknowledged);
    expect(refused).toBeGreaterThan(0);
    // And the CLI agrees: the whole log replays (verify) — a refused writer left nothing behind.
    expect(podstate(['verify', '--store', url], { cwd }).code).toBe(0);
  }, 120_000);
});
