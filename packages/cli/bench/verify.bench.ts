// `podstate verify` as a user meets it (issue 14 item 1): the real CLI binary on a log written by
// the JSONL store, CPU time and peak RSS of the child, next to the readline + JSON.parse floor on
// the same file in the same run (samples alternated, best of N). The log is 5M events by default
// (PODSTATE_BENCH_VERIFY_EVENTS), made fast by generateWaveLog.ts and written through the store's
// own writer (group commit). Target: peak RSS under 512 MB at 5M events. PODSTATE_BENCH_DIR keeps
// the log and reuses it on the next run.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlLog } from '@podstate/core';
import { generateWaveLog } from '../../core/bench/generateWaveLog.js';
import { report } from '../../core/bench/report.js';
import { measureCpu, type CpuSample as Sample } from './measureCpu.js';

const root = new URL('../../../../', import.meta.url).pathname;
const bin = process.env.PODSTATE_BENCH_BIN ?? join(root, 'packages/cli/bin/podstate.js');
const keep = process.env.PODSTATE_BENCH_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'podstate-verify-bench-'));
mkdirSync(dir, { recursive: true });
const EVENTS = Number(process.env.PODSTATE_BENCH_VERIFY_EVENTS ?? 5_000_000);
const SAMPLES = Number(process.env.PODSTATE_BENCH_SAMPLES ?? 1);

const measure = (args: readonly string[]) => measureCpu(args, join(dir, 'cpu.json'));

/** Writes the wave log through the JSONL store (group commit, appends issued in order); returns its event count. */
async function writeLog(path: string): Promise<number> {
  rmSync(path, { force: true });
  const log = await openJsonlLog(path, { groupCommit: {} });
  const inFlight: Promise<unknown>[] = [];
  let n = 0;
  for (const e of generateWaveLog(EVENTS)) {
    n++;
    inFlight.push(log.append(e.stream, [{ type: e.type, time: e.time, data: e.data }]));
    if (inFlight.length >= 2000) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  await log.close();
  return n;
}

const floorScript = `
const { createReadStream } = require('node:fs');
const { createInterface } = require('node:readline');
(async () => {
  let n = 0;
  for await (const line of createInterface({ input: createReadStream(process.argv[1]), crlfDelay: Infinity })) if (JSON.parse(line).v === 1) n++;
  process.stdout.write(String(n));
})();`;

try {
  const path = join(dir, `verify-${EVENTS}.jsonl`);
  const countPath = `${path}.events`;
  let events: number;
  if (keep && existsSync(path) && existsSync(countPath)) events = Number(readFileSync(countPath, 'utf8'));
  else {
    events = await writeLog(path);
    if (keep) writeFileSync(countPath, String(events));
  }
  let floor: Sample | undefined;
  let verify: Sample | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    const f = measure(['-e', floorScript, path]);
    const v = measure([bin, 'verify', '--log', path]);
    if (floor === undefined || f.cpuMs < floor.cpuMs) floor = f;
    if (verify === undefined || v.cpuMs < verify.cpuMs) verify = v;
  }
  if (Number(floor!.stdout) !== events) throw new Error(`floor read ${floor!.stdout} of ${events} events`);
  if (!verify!.stdout.includes('ok,')) throw new Error(`verify did not pass: ${verify!.stdout}`);
  report({
    name: 'cli-verify',
    events,
    bytes: statSync(path).size,
    cpuSeconds: verify!.cpuMs / 1000,
    eventsPerCpuSecond: events / (verify!.cpuMs / 1000),
    parseFloorPerCpuSecond: events / (floor!.cpuMs / 1000),
    ratio: floor!.cpuMs / verify!.cpuMs,
    peakRssBytes: verify!.maxRssBytes,
    target: 'peakRssBytes < 512 MB',
  });
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
