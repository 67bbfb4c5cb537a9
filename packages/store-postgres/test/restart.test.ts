import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresLog } from '../src/index.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './startEmbeddedPostgres.js';

// A server of its own (not the run's shared one): this test crashes it.
let server: EmbeddedServer;
beforeAll(async () => {
  server = await startEmbeddedPostgres({ crashSafe: true });
}, 120_000);
afterAll(() => server?.stop());

const WRITERS = 8;
// 8 writers × 1,000 appends, as issue 12 asks, in `npm test` too (about 50 s on a loaded 2-core
// machine); PODSTATE_PG_APPENDS changes the count.
const APPENDS = Number(process.env.PODSTATE_PG_APPENDS ?? 1000);
const fixture = (f: string) => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const dist = fileURLToPath(new URL('../dist/index.js', import.meta.url));

interface Proc {
  child: ChildProcess;
  out: () => string;
  exit: Promise<number | null>;
}

function run(script: string, args: string[]): Proc {
  const child = spawn(process.execPath, [fixture(script), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  child.stderr!.on('data', (c: Buffer) => {
    out += c.toString();
  });
  return { child, out: () => out, exit: new Promise((r) => child.on('exit', (code) => r(code))) };
}

async function until(cond: () => boolean, ms: number, what: string): Promise<void> {
  const started = Date.now();
  while (!cond()) {
    if (Date.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const acksOf = (out: string) =>
  [...out.matchAll(/^ack (\S+) (\d+)$/gm)].map((m) => ({ id: m[1]!, seq: Number(m[2]) }));

it(`pg_ctl stop -m immediate twice during ${WRITERS} writers × ${APPENDS} appends with a live subscriber: 0 acknowledged lost, 0 duplicated, every seq seen once in order, no process dies`, async () => {
  if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npx tsc -b\` first`);
  const schema = 'restart';
  await (await createPostgresLog({ connectionString: server.url, schema })).close();
  const subscriber = run('restartSubscriber.mjs', [server.url, schema]);
  await until(() => subscriber.out().includes('ready'), 30_000, 'the subscriber');
  const writers = Array.from({ length: WRITERS }, (_, k) =>
    run('restartWriter.mjs', [server.url, schema, `w${k}`, String(APPENDS)]),
  );
  const acked = () => writers.reduce((n, w) => n + acksOf(w.out()).length, 0);
  const total = WRITERS * APPENDS;
  const crashes: number[] = [];
  for (const at of [total / 5, total / 2]) {
    await until(() => acked() >= at, 240_000, `${at} acknowledged appends`);
    crashes.push(acked());
    await server.crashAndRestart(500);
  }
  const codes = await Promise.all(writers.map((w) => w.exit));
  for (const [k, w] of writers.entries()) expect(codes[k], `writer ${k}: ${w.out().slice(-500)}`).toBe(0);
  const acks = writers.flatMap((w) => acksOf(w.out()));
  expect(acks).toHaveLength(total);

  const log = await createPostgresLog({ connectionString: server.url, schema });
  const seqOf = new Map<string, number>();
  let n = 0;
  for await (const e of log.read()) {
    n++;
    expect(seqOf.has(e.id), `${e.id} recorded twice`).toBe(false);
    seqOf.set(e.id, e.seq);
  }
  await log.close();
  expect(n).toBe(total); // nothing recorded twice, nothing unacknowledged
  const lost = acks.filter((a) => seqOf.get(a.id) !== a.seq);
  expect(lost).toEqual([]);

  await until(
    () => (subscriber.out().match(/^seq /gm) ?? []).length >= total,
    120_000,
    'the subscriber to catch up',
  );
  const seen = [...subscriber.out().matchAll(/^seq (\d+) (\S+)$/gm)].map((m) => Number(m[1]));
  expect(seen).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(subscriber.out()).not.toContain('died');
  subscriber.child.kill('SIGTERM');
  await subscriber.exit;
  console.log(
    `PostgreSQL restart: ${WRITERS} writers × ${APPENDS} appends, crashed (pg_ctl stop -m immediate) after ${crashes.join(' and ')} acknowledged; ` +
      `${acks.length} acknowledged, ${lost.length} lost, ${n - new Set(seqOf.keys()).size} duplicated; subscriber saw ${seen.length} seqs in order`,
  );
}, 600_000);
