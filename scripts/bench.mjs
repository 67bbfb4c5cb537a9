#!/usr/bin/env node
// Runs every compiled benchmark (packages/*/bench/*.ts → dist-bench/) in its own process, so each
// reports its own peak RSS. `--json` makes each print one JSON object per line; other args pass through.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const args = process.argv.slice(2);
const only = args.filter((a) => !a.startsWith('-'));
const flags = args.filter((a) => a.startsWith('-'));
let failed = 0;
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
      },
    );
    if (r.status !== 0) failed++;
  }
}
process.exit(failed === 0 ? 0 : 1);
