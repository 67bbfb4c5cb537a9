// File-store benchmarks: durable single appends/s, group-commit events/s, and the read rate of the
// store against plain readline + JSON.parse of the same file. `--json` prints one JSON object a line.
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { type NewEvent, openJsonlLog } from '@podstate/core';
import { report as printReport } from './report.js';

const dir = mkdtempSync(join(tmpdir(), 'podstate-bench-'));
const results: Record<string, unknown>[] = [];
const report = (r: Record<string, unknown>) => {
  results.push(r);
  printReport(r);
};
const event = (i: number): NewEvent => ({
  type: 'container.started',
  time: new Date(Date.UTC(2024, 0, 1) + i).toISOString(),
  subject: 'default/web',
  data: { container: 'app', containerID: `containerd://${i.toString(16).padStart(12, '0')}` },
});

async function singleAppends(): Promise<void> {
  const log = await openJsonlLog(join(dir, 'single.jsonl'));
  const n = 5000;
  const t = performance.now();
  for (let i = 0; i < n; i++) await log.append(`pod/p${i % 100}`, [event(i)]);
  const s = (performance.now() - t) / 1000;
  await log.close();
  report({ name: 'file-append-single', appends: n, appendsPerSecond: n / s, target: 2000 });
}

async function groupCommit(): Promise<void> {
  const log = await openJsonlLog(join(dir, 'group.jsonl'), { groupCommit: {} });
  const n = 200_000;
  const inFlight = 2000;
  let next = 0;
  const t = performance.now();
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < n) {
        const i = next++;
        await log.append(`pod/p${i % 1000}`, [event(i)]);
      }
    }),
  );
  const s = (performance.now() - t) / 1000;
  await log.close();
  report({ name: 'file-append-group-commit', events: n, eventsPerSecond: n / s, inFlight, target: 50000 });
}

async function readRate(): Promise<void> {
  const path = join(dir, 'group.jsonl');
  const bytes = statSync(path).size;
  const plainRun = async () => {
    let c = 0;
    for await (const line of createInterface({
      input: createReadStream(path),
      crlfDelay: Number.POSITIVE_INFINITY,
    })) {
      if (JSON.parse(line).seq > 0) c++;
    }
    return c;
  };
  const log = await openJsonlLog(path, { readOnly: true });
  const storeRun = async () => {
    let c = 0;
    for await (const e of log.read()) if (e.seq > 0) c++;
    return c;
  };
  // Interleaved best-of-5, so load from other processes hits both sides alike.
  const plain = { count: 0, s: Number.POSITIVE_INFINITY };
  const store = { count: 0, s: Number.POSITIVE_INFINITY };
  for (let k = 0; k < 5; k++) {
    for (const [run, acc] of [
      [plainRun, plain],
      [storeRun, store],
    ] as const) {
      const t = performance.now();
      acc.count = await run();
      acc.s = Math.min(acc.s, (performance.now() - t) / 1000);
    }
  }
  const t = performance.now();
  const reopened = await openJsonlLog(path, { readOnly: true });
  const openS = (performance.now() - t) / 1000;
  await reopened.close();
  await log.close();
  report({
    name: 'file-read-plain-readline-json',
    events: plain.count,
    eventsPerSecond: plain.count / plain.s,
    mbPerSecond: bytes / 1e6 / plain.s,
  });
  report({
    name: 'file-read-store',
    events: store.count,
    eventsPerSecond: store.count / store.s,
    mbPerSecond: bytes / 1e6 / store.s,
  });
  report({ name: 'file-read-ratio', ratio: plain.s / store.s, target: 0.8 });
  report({ name: 'file-open-verify-index', events: store.count, eventsPerSecond: store.count / openS });
}

try {
  await singleAppends();
  await groupCommit();
  await readRate();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
