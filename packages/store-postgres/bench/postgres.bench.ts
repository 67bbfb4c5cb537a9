// PostgreSQL store benchmarks on a throwaway embedded server with durable settings (fsync on):
// batched appends from one writer and from four, and the read rate. `--json`: one JSON object a line.
import type { NewEvent } from '@podstate/core';
import { createPostgresLog, type PostgresLog } from '@podstate/store-postgres';
import { report } from '../../core/bench/report.js';
import { startEmbeddedPostgres } from '../test/startEmbeddedPostgres.js';

const BATCH = 100;
const event = (i: number): NewEvent => ({
  type: 'container.started',
  time: new Date(Date.UTC(2024, 0, 1) + i).toISOString(),
  subject: 'default/web',
  data: { container: 'app', containerID: `containerd://${i.toString(16).padStart(12, '0')}` },
});
const batch = (b: number) => Array.from({ length: BATCH }, (_, k) => event(b * BATCH + k));

/** `writers` concurrent writers, each with its own pool, appending `batches` batches of 100 between them. */
async function appendBatches(url: string, schema: string, writers: number, batches: number): Promise<number> {
  const logs = await Promise.all(
    Array.from({ length: writers }, () =>
      createPostgresLog({ connectionString: url, schema, maxConnections: 1 }),
    ),
  );
  let next = 0;
  const t = performance.now();
  await Promise.all(
    logs.map(async (log) => {
      while (next < batches) {
        const b = next++;
        await log.append(`pod/p${b % 100}`, batch(b));
      }
    }),
  );
  const s = (performance.now() - t) / 1000;
  for (const l of logs) await l.close();
  return (batches * BATCH) / s;
}

async function readRate(log: PostgresLog): Promise<{ events: number; eventsPerSecond: number }> {
  let n = 0;
  const t = performance.now();
  for await (const _ of log.read()) n++;
  return { events: n, eventsPerSecond: n / ((performance.now() - t) / 1000) };
}

const server = await startEmbeddedPostgres({ durable: true });
try {
  const single = await appendBatches(server.url, 'bench_single', 1, 1000);
  report({
    name: 'postgres-append-batch100',
    writers: 1,
    events: 100_000,
    eventsPerSecond: single,
    target: 10000,
  });
  const four = await appendBatches(server.url, 'bench_four', 4, 1000);
  report({ name: 'postgres-append-batch100-4writers', writers: 4, events: 100_000, eventsPerSecond: four });
  const log = await createPostgresLog({ connectionString: server.url, schema: 'bench_single' });
  report({ name: 'postgres-read', ...(await readRate(log)) });
  await log.close();
  report({ name: 'postgres-peak-rss', megabytes: process.resourceUsage().maxRSS / 1024 });
} finally {
  await server.stop();
}
