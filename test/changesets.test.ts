// Releases are cut with changesets (.changeset/): `npm run version-packages` turns the pending
// changesets into one CHANGELOG.md entry per package and the same new version for every package
// (a "fixed" group), with the internal dependencies following. Run here on a copy of the manifests.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const { workspaces } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  workspaces: string[];
};
const dir = mkdtempSync(join(tmpdir(), 'podstate-changesets-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const manifestIn = (base: string, ws: string) =>
  JSON.parse(readFileSync(join(base, ws, 'package.json'), 'utf8')) as {
    name: string;
    version: string;
    dependencies?: Record<string, string>;
  };

describe('changesets', () => {
  it('`changeset version` writes every package a CHANGELOG and gives all of them one new version', () => {
    cpSync(join(root, 'package.json'), join(dir, 'package.json'));
    cpSync(join(root, '.changeset'), join(dir, '.changeset'), { recursive: true });
    for (const ws of workspaces) {
      mkdirSync(join(dir, ws), { recursive: true });
      cpSync(join(root, ws, 'package.json'), join(dir, ws, 'package.json'));
    }
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'));
    // One more changeset, for core alone: the fixed group takes every package to the same version.
    writeFileSync(
      join(dir, '.changeset', 'test-core-only.md'),
      '---\n"@podstate/core": patch\n---\n\nA fix in core alone.\n',
    );
    const r1 = spawnSync(process.execPath, [join(root, 'node_modules/@changesets/cli/bin.js'), 'version'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r1.status, r1.stderr).toBe(0);
    const before = manifestIn(root, workspaces[0]!).version;
    const versions = new Set(workspaces.map((ws) => manifestIn(dir, ws).version));
    expect(versions.size).toBe(1);
    const [after] = versions;
    expect(after).not.toBe(before);
    for (const ws of workspaces) {
      expect(readFileSync(join(dir, ws, 'CHANGELOG.md'), 'utf8')).toContain(`## ${after}`);
      for (const [name, range] of Object.entries(manifestIn(dir, ws).dependencies ?? {}))
        if (name.startsWith('@podstate/')) expect(range).toBe(after);
    }
    expect(readFileSync(join(dir, 'packages/core/CHANGELOG.md'), 'utf8')).toContain('A fix in core alone.');
  });
});
