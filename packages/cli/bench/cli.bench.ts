// What a user meets: the real CLI binary on real files written by the JSONL store, timed in CPU
// (the child's own process.cpuUsage at exit, so load from other processes on the machine counts
// little), each next to its floor measured in the same run, samples alternated, best of N.
//
//   startup     `podstate get pods` on a 9-event log against `node -e 0`; module count.
//   cli-replay  `podstate get pods -o json` on a 1M-event, 10k-Pod log against readline + JSON.parse
//               of the same file (ratio = floor CPU / command CPU; 1 would be replay at the parse floor).
//
// PODSTATE_BENCH_EVENTS / PODSTATE_BENCH_PODS size the big log (generateLog.ts); PODSTATE_BENCH_DIR
// keeps the written logs there and reuses them on the next run (the default is a fresh temp dir).
// `--only=startup` (or `--only=cli-replay`) runs that line alone: `node scripts/bench.mjs cli --json
// --only=startup` needs no big log.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { report } from '../../core/bench/report.js';
import { bigLog } from './bigLog.js';
import { measureCpu, type CpuSample as Sample } from './measureCpu.js';

const root = new URL('../../../../', import.meta.url).pathname;
const bin = process.env.PODSTATE_BENCH_BIN ?? join(root, 'packages/cli/bin/podstate.js');
const keep = process.env.PODSTATE_BENCH_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'podstate-cli-bench-'));
mkdirSync(dir, { recursive: true });
const SAMPLES = Number(process.env.PODSTATE_BENCH_SAMPLES ?? 5);
const only = process.argv.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const wanted = (line: string) => only === undefined || only === line;

// Preloaded for the module count (hooks/countModules.mjs).
const countHook = join(root, 'packages/cli/bench/hooks/countModules.mjs');

// Every measured child preloads hooks/cpuAtExit.mjs: its CPU time and peak RSS at exit.
const measure = (args: readonly string[]) => measureCpu(args, join(dir, 'cpu.json'));

/** Best (least CPU) of `SAMPLES` runs of each, alternating so load hits both alike. */
function alternate(a: readonly string[], b: readonly string[], samples = SAMPLES): [Sample, Sample] {
  let best: [Sample | undefined, Sample | undefined] = [undefined, undefined];
  for (let i = 0; i < samples; i++) {
    const sa = measure(a);
    const sb = measure(b);
    best = [
      best[0] === undefined || sa.cpuMs < best[0].cpuMs ? sa : best[0],
      best[1] === undefined || sb.cpuMs < best[1].cpuMs ? sb : best[1],
    ];
  }
  return best as [Sample, Sample];
}

function countModules(args: readonly string[]): number {
  const out = join(dir, 'modules.txt');
  rmSync(out, { force: true });
  spawnSync(process.execPath, ['--import', countHook, ...args], {
    env: { ...process.env, PODSTATE_MODULES_OUT: out },
    stdio: 'ignore',
  });
  const urls = new Set(readFileSync(out, 'utf8').split('\n').filter(Boolean));
  return urls.size;
}

async function tinyLog(): Promise<string> {
  const path = join(dir, 'tiny.jsonl');
  rmSync(path, { force: true });
  const r = spawnSync(process.execPath, [bin, 'run', '--log', path, join(root, 'examples/crashloop.yaml')], {
    stdio: 'ignore',
  });
  if (r.status !== 0) throw new Error(`podstate run exited ${r.status}`);
  return path;
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
  if (wanted('startup')) await startup();
  if (wanted('cli-replay')) await cliReplay();
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}

async function startup() {
  const tiny = await tinyLog();
  const [node, get] = alternate(['-e', '0'], [bin, 'get', 'pods', '--log', tiny], Math.max(SAMPLES, 10));
  report({
    name: 'startup',
    cpuMs: get.cpuMs,
    nodeFloorCpuMs: node.cpuMs,
    overFloorCpuMs: get.cpuMs - node.cpuMs,
    modules: countModules([bin, 'get', 'pods', '--log', tiny]),
    target: 'overFloorCpuMs <= 100',
  });
}

async function cliReplay() {
  const big = await bigLog(dir, keep !== undefined);
  const [floor, replay] = alternate(
    ['-e', floorScript, big.path],
    // One thread: the ratio is replay on one core (cli-replay-workers in workers.bench.ts splits it).
    [bin, 'get', 'pods', '-o', 'json', '--log', big.path, '--workers', '1'],
    3,
  );
  if (Number(floor.stdout) !== big.events)
    throw new Error(`floor read ${floor.stdout} of ${big.events} events`);
  report({
    name: 'cli-replay',
    events: big.events,
    bytes: statSync(big.path).size,
    cpuSeconds: replay.cpuMs / 1000,
    eventsPerCpuSecond: big.events / (replay.cpuMs / 1000),
    parseFloorPerCpuSecond: big.events / (floor.cpuMs / 1000),
    ratio: floor.cpuMs / replay.cpuMs,
    peakRssBytes: replay.maxRssBytes,
    target: 'ratio >= 0.45',
  });
}
