// Reopening a big log from a checkpoint, as a user meets it: the real CLI binary, CPU of the child
// (hooks/cpuAtExit.mjs), samples alternated with the start-up figure in the same run, best of N.
//
//   cli-reopen-checkpoint  `podstate get pods` on a 1M-event log (written by the JSONL store) with
//                          a checkpoint 1,000 events before its end, against `podstate get pods`
//                          on a 9-event log (start-up). ratio = reopen CPU / start-up CPU.
//
// The big log is cli.bench's (PODSTATE_BENCH_EVENTS, PODSTATE_BENCH_DIR keeps and reuses it). The
// log with the checkpoint is built from it: its bytes up to seq N − 1,000 with an empty head
// marker (a writer's open keeps and marks complete appends past it), `podstate checkpoint`, then
// the last 1,000 records appended through the store (whose close leaves the prefix witness).
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { crc32 } from 'node:zlib';
import { openJsonlLog } from '@podstate/core';
import { report } from '../../core/bench/report.js';
import { bigLog } from './bigLog.js';
import { measureCpu, type CpuSample as Sample } from './measureCpu.js';

const root = new URL('../../../../', import.meta.url).pathname;
const bin = process.env.PODSTATE_BENCH_BIN ?? join(root, 'packages/cli/bin/podstate.js');
const keep = process.env.PODSTATE_BENCH_DIR;
const dir = keep ?? mkdtempSync(join(tmpdir(), 'podstate-ckpt-bench-'));
mkdirSync(dir, { recursive: true });
const SAMPLES = Number(process.env.PODSTATE_BENCH_SAMPLES ?? 5);
const TAIL = 1000;

const measure = (args: readonly string[]) => measureCpu(args, join(dir, 'cpu-ckpt.json'));

function run(args: readonly string[]): void {
  const r = spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`podstate ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

/** Byte offset where line `line` (1-based; line 1 is the head marker) starts. */
function lineStart(path: string, line: number): number {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 22);
    let seen = 1;
    for (let pos = 0; ; ) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got === 0) throw new Error(`${path} has fewer than ${line} lines`);
      for (let i = buf.indexOf(10); i >= 0 && i < got; i = buf.indexOf(10, i + 1)) {
        if (++seen === line) return pos + i + 1;
      }
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
}

/** The head marker of an empty log (docs/decisions.md, "JSONL file format 2"). */
function emptyHead(): Buffer {
  const s = '{"podstate":"head","format":2,"seq":0,"end":128,"last":"00000000"';
  const line = `${s},"crc":"${crc32(Buffer.from(s)).toString(16).padStart(8, '0')}"}`;
  return Buffer.from(`${line.padEnd(127, ' ')}\n`, 'latin1');
}

/** The big log with a checkpoint at seq N − TAIL and the last TAIL records after it. */
async function reopenLog(big: { path: string; events: number }): Promise<string> {
  // Named for the checkpoint layout it holds (views-2, with the prefix witness beside it), so a
  // bench of other code sharing the directory keeps its own file.
  const path = join(dir, `reopen-${big.events}.views-2.jsonl`);
  const ready = `${path}.ready`;
  if (existsSync(ready) && existsSync(path)) return path;
  for (const f of [path, ready, `${path}.prefix-crc`]) rmSync(f, { force: true });
  for (const f of readdirSync(dir)) if (f.startsWith(`${basename(path)}.checkpoint-`)) rmSync(join(dir, f));
  const cut = lineStart(big.path, big.events - TAIL + 2);
  const src = openSync(big.path, 'r');
  const out = openSync(path, 'w', 0o600);
  const buf = Buffer.allocUnsafe(1 << 22);
  const copy = (from: number, to: number, at: number) => {
    for (let pos = from; pos < to; ) {
      const got = readSync(src, buf, 0, Math.min(buf.length, to - pos), pos);
      writeSync(out, buf, 0, got, at + (pos - from));
      pos += got;
    }
  };
  copy(0, cut, 0);
  writeSync(out, emptyHead(), 0, 128, 0);
  closeSync(out);
  // A writer's open keeps the complete appends past the empty marker and marks them.
  await (await openJsonlLog(path, { onWarning: () => {} })).close();
  run(['checkpoint', '--log', path]);
  // The last TAIL records, appended through the store (same stream, type, time, data, id).
  const log = await openJsonlLog(path);
  const tail = await openJsonlLog(big.path, { readOnly: true });
  for await (const e of tail.read({ from: big.events - TAIL + 1 })) {
    await log.append(e.stream, [{ id: e.id, type: e.type, time: e.time, data: e.data }]);
  }
  await tail.close();
  await log.close();
  closeSync(src);
  writeFileSync(ready, '');
  return path;
}

try {
  const tiny = join(dir, 'tiny-ckpt.jsonl');
  rmSync(tiny, { force: true });
  run(['run', '--log', tiny, join(root, 'examples/crashloop.yaml')]);
  const big = await bigLog(dir, true);
  const path = await reopenLog(big);
  let startup: Sample | undefined;
  let reopen: Sample | undefined;
  for (let i = 0; i < SAMPLES; i++) {
    const s = measure([bin, 'get', 'pods', '--log', tiny]);
    const r = measure([bin, 'get', 'pods', '--log', path]);
    if (r.stderr !== '') throw new Error(`reopen warned: ${r.stderr}`);
    if (startup === undefined || s.cpuMs < startup.cpuMs) startup = s;
    if (reopen === undefined || r.cpuMs < reopen.cpuMs) reopen = r;
  }
  report({
    name: 'cli-reopen-checkpoint',
    events: big.events,
    tailEvents: TAIL,
    reopenCpuMs: reopen!.cpuMs,
    startupCpuMs: startup!.cpuMs,
    ratio: reopen!.cpuMs / startup!.cpuMs,
    peakRssBytes: reopen!.maxRssBytes,
    // Whether the log's prefix witness applies (else the reopen reads the whole prefix).
    witness: existsSync(`${path}.prefix-crc`),
    target: 'ratio <= 2',
  });
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
