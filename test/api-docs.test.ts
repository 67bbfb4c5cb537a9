// docs/api.md and docs/api/ are generated from the published declaration files by
// scripts/gen-api.mjs (TypeDoc + typedoc-plugin-markdown); this fails when they are stale.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

describe('docs/api.md', () => {
  it('matches the d.ts of every public entry point (regenerate with npm run api)', () => {
    const r = spawnSync(process.execPath, ['scripts/gen-api.mjs', '--check'], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });
});
