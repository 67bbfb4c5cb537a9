import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

// Replays every example scenario with the built binary, as a user would, and compares what it
// prints with examples/golden/<name>.out. UPDATE_GOLDEN=1 rewrites the golden files.
const here = new URL('.', import.meta.url).pathname;
const bin = join(here, '../packages/cli/bin/podstate.js');
const dir = mkdtempSync(join(tmpdir(), 'podstate-golden-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const examples = readdirSync(here)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

describe('examples replay to their golden output', () => {
  it('has an example for every topic of the seed notes', () => {
    expect(examples.length).toBeGreaterThanOrEqual(9);
  });
  for (const file of examples) {
    it(file, () => {
      const log = join(dir, `${file}.jsonl`);
      const r = spawnSync(process.execPath, [bin, 'run', file, '--log', log], {
        cwd: here,
        encoding: 'utf8',
      });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      const golden = join(here, 'golden', file.replace(/\.yaml$/, '.out'));
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, r.stdout);
      expect(r.stdout).toBe(readFileSync(golden, 'utf8'));
      const verify = spawnSync(process.execPath, [bin, 'verify', '--log', log], { encoding: 'utf8' });
      expect(verify.status, verify.stdout + verify.stderr).toBe(0);
    });
  }
});
