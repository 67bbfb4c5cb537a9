// File-store benchmarks: durable single appends/s and group-commit events/s, each next to its
// fdatasync floor measured in the same run (alternated in short rounds, each side's time summed),
// and the read rate of the store against plain readline + JSON.parse of the same file. `--json`
// prints one JSON object a line.
//
// Floors (what any durable writer of the same bytes must do, with nothing else):
//   single  `writeSync` of one record line + `fdatasyncSync`, per append;
//   group   `writeSync` of 100 record lines + `fdatasyncSync`, per 100 (issue 14's floor).
// ratio = store rate / floor rate (wall clock: durable appends wait on the disk, not the CPU);
// cpuMicrosPerEvent is the process's CPU per event over the store's run. Both sides get their
// input ready before the clock starts: the floor its encoded lines, the store its NewEvent objects.
// Both are warmed up first on scratch files, unmeasured (5,000 appends; 20,000 events): the timed
// writer is JIT-compiled, as a long-running writer is. (`node --trace-opt`: the single-append path
// — append, planAppend, assertAppendInput, the encoder, writeNow — is optimized by ~3,000 single
// appends; 300, the earlier warm-up, left most of the timed run in the interpreter and counted
// the compiler's threads in its CPU.)
import {
  closeSync,
  createReadStream,
  fdatasyncSync,
  mkdtempSync,
  openSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
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

/** A record line as the store writes it for `event(i)` (about the same bytes). */
const line = (i: number) =>
  `${JSON.stringify({ v: 1, seq: i + 1, stream: `pod/p${i % 100}`, rev: 1 + Math.floor(i / 100), id: '00000000-0000-4000-8000-000000000000', ...event(i), sv: 1, crc: '00000000' })}\n`;

/**
 * The floor's writer: `perSync` lines a write, each write followed by fdatasync, on a file of its
 * own beside the store's. `run(from, count)` writes lines from..from+count and returns its seconds
 * and CPU microseconds.
 */
function floorWriter(name: string, perSync: number) {
  const path = join(dir, `${name}.floor`);
  rmSync(path, { force: true });
  const fd = openSync(path, 'w');
  let pos = 0;
  return {
    run(from: number, count: number): { s: number; cpu: number } {
      const chunks: Buffer[] = [];
      for (let i = from; i < from + count; i += perSync) {
        let text = '';
        for (let j = i; j < Math.min(from + count, i + perSync); j++) text += line(j);
        chunks.push(Buffer.from(text));
      }
      const cpu = process.cpuUsage();
      const t = performance.now();
      for (const c of chunks) {
        writeSync(fd, c, 0, c.length, pos);
        pos += c.length;
        fdatasyncSync(fd);
      }
      const s = (performance.now() - t) / 1000;
      const u = process.cpuUsage(cpu);
      return { s, cpu: u.user + u.system };
    },
    close: () => closeSync(fd),
  };
}

/**
 * Store and floor alternate in rounds of `round` events (the disk is shared: alternating in short
 * rounds makes both meet the same load), summed over `n` events each.
 */
async function alternated(
  name: string,
  n: number,
  round: number,
  perSync: number,
  storeRound: (from: number, count: number) => Promise<void>,
) {
  const floor = floorWriter(name, perSync);
  const sum = { floorS: 0, floorCpu: 0, storeS: 0, storeCpu: 0 };
  for (let from = 0; from < n; from += round) {
    const f = floor.run(from, round);
    sum.floorS += f.s;
    sum.floorCpu += f.cpu;
    const cpu = process.cpuUsage();
    const t = performance.now();
    await storeRound(from, round);
    sum.storeS += (performance.now() - t) / 1000;
    const u = process.cpuUsage(cpu);
    sum.storeCpu += u.user + u.system;
  }
  floor.close();
  return {
    rate: n / sum.storeS,
    floor: n / sum.floorS,
    ratio: sum.floorS / sum.storeS,
    cpuMicrosPerEvent: sum.storeCpu / n,
    floorCpuMicrosPerEvent: sum.floorCpu / n,
  };
}

/**
 * Unmeasured: `count` events through the floor's writer and through a store on scratch files, so
 * both sides are timed warm (JIT-compiled), as a long-running writer is; the measured store is a
 * fresh log all the same.
 */
async function warmUp(
  name: string,
  count: number,
  perSync: number,
  options: Parameters<typeof openJsonlLog>[1],
  run: (log: Awaited<ReturnType<typeof openJsonlLog>>, input: NewEvent[][]) => Promise<void>,
): Promise<void> {
  const floor = floorWriter(`${name}-warm-up`, perSync);
  floor.run(0, count);
  floor.close();
  const path = join(dir, `${name}-warm-up.jsonl`);
  const log = await openJsonlLog(path, options);
  await run(
    log,
    Array.from({ length: count }, (_, i) => [event(i)]),
  );
  await log.close();
  rmSync(path, { force: true });
  rmSync(join(dir, `${name}-warm-up.floor`), { force: true });
}

const SINGLE_WARM_UP = 5000;
const GROUP_WARM_UP = 20_000;

async function singleAppends(): Promise<void> {
  const n = 3000;
  await warmUp('single', SINGLE_WARM_UP, 1, {}, async (log, input) => {
    for (let i = 0; i < input.length; i++) await log.append(`pod/p${i % 100}`, input[i]!);
  });
  const path = join(dir, 'single.jsonl');
  rmSync(path, { force: true });
  const log = await openJsonlLog(path);
  const input = Array.from({ length: n }, (_, i) => [event(i)]);
  const r = await alternated('single', n, 50, 1, async (from, count) => {
    for (let i = from; i < from + count; i++) await log.append(`pod/p${i % 100}`, input[i]!);
  });
  await log.close();
  report({
    name: 'file-append-single',
    appends: n,
    warmUpAppends: SINGLE_WARM_UP,
    appendsPerSecond: r.rate,
    floor: r.floor,
    ratio: r.ratio,
    cpuMicrosPerEvent: r.cpuMicrosPerEvent,
    floorCpuMicrosPerEvent: r.floorCpuMicrosPerEvent,
    target: 'ratio >= 0.8',
  });
}

/** `input` through `log` with `inFlight` appends in flight (each appends its next event once its last is durable). */
async function inFlightAppends(
  log: Awaited<ReturnType<typeof openJsonlLog>>,
  input: NewEvent[][],
  from: number,
  count: number,
  inFlight: number,
): Promise<void> {
  let next = from;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (next < from + count) {
        const i = next++;
        await log.append(`pod/p${i % 1000}`, input[i]!);
      }
    }),
  );
}

async function groupCommit(): Promise<void> {
  const n = 200_000;
  const inFlight = 2000;
  await warmUp('group', GROUP_WARM_UP, 100, { groupCommit: {} }, (log, input) =>
    inFlightAppends(log, input, 0, input.length, inFlight),
  );
  const log = await openJsonlLog(join(dir, 'group.jsonl'), { groupCommit: {} });
  const input = Array.from({ length: n }, (_, i) => [event(i)]);
  const r = await alternated('group', n, 10_000, 100, (from, count) =>
    inFlightAppends(log, input, from, count, inFlight),
  );
  await log.close();
  report({
    name: 'file-append-group-commit',
    events: n,
    warmUpEvents: GROUP_WARM_UP,
    eventsPerSecond: r.rate,
    inFlight,
    floor: r.floor,
    ratio: r.ratio,
    cpuMicrosPerEvent: r.cpuMicrosPerEvent,
    floorCpuMicrosPerEvent: r.floorCpuMicrosPerEvent,
    target: 'ratio >= 0.6',
  });
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

const only = process.env.PODSTATE_BENCH_ONLY;
try {
  if (only === undefined || only === 'single') await singleAppends();
  if (only === undefined || only === 'group') await groupCommit();
  if (only === undefined) await readRate();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
