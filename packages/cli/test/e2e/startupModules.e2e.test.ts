// Issue 14 item 4: commands import only what they use. The built binary runs `get pods` with the
// bench's module-count hook preloaded (packages/cli/bench/hooks/countModules.mjs), which lists
// every file module the process loaded; these tests read that list (no timing here: the
// start-up CPU is the `startup` line of `npm run bench -- cli --json --only=startup`).
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { binPath, makeTempDir, podstate, repoRoot } from './helpers.js';

const hook = join(repoRoot, 'packages/cli/bench/hooks/countModules.mjs');
let dir: string;
let log: string;

/** The repo-relative paths of the modules `podstate <args>` loads, and its stdout. */
function modulesOf(args: readonly string[]): { modules: string[]; stdout: string } {
  const out = join(dir, 'modules.txt');
  rmSync(out, { force: true });
  const r = spawnSync(process.execPath, ['--import', hook, binPath, ...args], {
    cwd: dir,
    env: { ...process.env, PODSTATE_MODULES_OUT: out, NO_COLOR: '1' },
    encoding: 'utf8',
  });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const modules = [
    ...new Set(
      readFileSync(out, 'utf8')
        .split('\n')
        .filter(Boolean)
        .map((u) => new URL(u).pathname.slice(repoRoot.length)),
    ),
  ];
  return { modules, stdout: r.stdout };
}

beforeAll(() => {
  dir = makeTempDir();
  log = join(dir, 'crashloop.jsonl');
  const r = podstate(['run', '--log', log, join(repoRoot, 'examples/crashloop.yaml')], { cwd: dir });
  expect(r.code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('podstate get pods loads only what it uses (issue 14 item 4)', () => {
  it('the table: no XState, chart definitions, zod, RxJS, YAML, commander, other commands or -o writers', () => {
    const { modules, stdout } = modulesOf(['get', 'pods', '--log', log]);
    expect(stdout).toMatch(/^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\nweb\s+1\/1\s+Running\s+2 /);
    const loaded = (pattern: RegExp) => modules.filter((m) => pattern.test(m));
    // The engine runs the precompiled tables (core/src/machines/generated), not the XState charts.
    expect(loaded(/machines\/generated\/tables\.js$/)).toHaveLength(1);
    expect(loaded(/node_modules\/(xstate|zod|rxjs|yaml|immer|pg|cli-progress)\//)).toEqual([]);
    // An ordinary command line is parsed without commander (parseArgv.ts).
    expect(loaded(/node_modules\/commander\//)).toEqual([]);
    expect(loaded(/core\/dist\/machines\/(podMachine|containerMachine|clusterMachine)\.js$/)).toEqual([]);
    expect(loaded(/cli\/dist\/commands\/(?!get\/)/)).toEqual([]);
    expect(loaded(/cli\/dist\/output\/(formatStructured|toJson|toYaml)\.js$/)).toEqual([]);
    expect(loaded(/store-postgres|\/report\/|\/import\/dist/)).toEqual([]);
  });

  it('the check sees what a command loads later: -o yaml loads the YAML writer and yaml', () => {
    const { modules, stdout } = modulesOf(['get', 'pods', '--log', log, '-o', 'yaml']);
    expect(stdout).toMatch(/^apiVersion: v1\nitems:\n/);
    expect(modules).toContain('packages/cli/dist/output/toYaml.js');
    expect(modules.some((m) => m.startsWith('node_modules/yaml/'))).toBe(true);
  });

  it('a spelling only commander reads (--log=<file>) loads commander and prints the same table', () => {
    const plain = modulesOf(['get', 'pods', '--log', log]);
    const { modules, stdout } = modulesOf(['get', 'pods', `--log=${log}`]);
    expect(stdout).toBe(plain.stdout);
    expect(modules).toContain('node_modules/commander/lib/command.js');
  });
});
