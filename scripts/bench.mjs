#!/usr/bin/env node
// Runs every compiled benchmark (packages/*/bench/*.ts → dist-bench/) in its own process, so each
// reports its own peak RSS. `--json` makes each print one JSON object per line; other args pass through.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
let failed = 0;
// One directory for the whole run, so the benchmarks that need the 1M-event log (cli, checkpoint)
// write it once and share it; removed at the end unless PODSTATE_BENCH_DIR names one to keep.
const shared =
  process.env.PODSTATE_BENCH_DIR === undefined
    ? mkdtempSync(join(tmpdir(), 'podstate-bench-run-'))
    : undefined;
const env = { ...process.env, PODSTATE_BENCH_DIR: process.env.PODSTATE_BENCH_DIR ?? shared };
for (const pkg of readdirSync(join(root, 'dist-bench/packages'))) {
  const dir = join(root, 'dist-bench/packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const file of readdirSync(dir)
    .filter((f) => f.endsWith('.bench.js'))
    .sort()) {
    const name = file.replace(/\.bench\.js$/, '');
    if (only.length > 0 && !only.includes(name)) continue;
    const r = spawnSync(
      process.execPath,
      ['--expose-gc', '--max-old-space-size=8192', join(dir, file), ...flags],
      {
        stdio: 'inherit',
        env,
      },
    );
    if (r.status !== 0) failed++;
  }
}
if (shared !== undefined) rmSync(shared, { recursive: true, force: true });
process.exit(failed === 0 ? 0 : 1);
