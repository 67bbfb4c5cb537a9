#!/usr/bin/env node
// The planted-bug catalogue (issue 17): applies each realistic bug, one at a time, to a scratch
// copy of the repository, builds it (regenerating the compiled tables, `npm run gen`, when a bug
// edits a chart), and reports which test and which invariant catch it:
//   - the invariants property test (core/test/invariants.prop.test.ts, the CI seed, 1,000
//     lifecycles): the invariant, after how many lifecycles, and the shrunk counterexample's size;
//   - `podstate explore --runs 10000`: the invariant, the lifecycle it failed in, the
//     counterexample's steps after shrinking, and whether `podstate run` of the counterexample
//     exits 1 naming the same invariant.
// Usage: node scripts/planted-bugs.mjs [bug-id…] [--json] [--explore-only]. Needs a built tree
// (npm run build). --explore-only skips the property test (the slower half).
// Exit 0 when every bug is caught by the property test or explore within 10,000 lifecycles with
// a counterexample of at most 10 steps (explore's also replaying with `podstate run` to the same
// invariant), else 1. Slow: a build and two runs per bug.
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BUGS } from './planted-bugs.catalogue.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXPLORE_RUNS = 10000;
const EXPLORE_SEED = 20260101;
const MAX_STEPS = 10;
const REPLAYED = 'exit 1, same invariant';

const args = process.argv.slice(2);
const json = args.includes('--json');
const exploreOnly = args.includes('--explore-only');
const only = args.filter((a) => !a.startsWith('--'));
const bugs = only.length > 0 ? BUGS.filter((b) => only.includes(b.id)) : BUGS;

/** A scratch copy of the tree (sources and dist), sharing node_modules except the workspace links. */
function scratchCopy() {
  const dir = mkdtempSync(join(tmpdir(), 'podstate-planted-'));
  for (const name of readdirSync(ROOT)) {
    if (['node_modules', '.git', '.stryker-tmp', 'reports'].includes(name)) continue;
    cpSync(join(ROOT, name), join(dir, name), {
      recursive: true,
      preserveTimestamps: true,
      filter: (src) => !src.includes('/node_modules'),
    });
  }
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(ROOT, 'node_modules'))) {
    if (name === '@podstate') continue;
    symlinkSync(join(ROOT, 'node_modules', name), join(dir, 'node_modules', name));
  }
  mkdirSync(join(dir, 'node_modules', '@podstate'));
  for (const name of readdirSync(join(ROOT, 'node_modules', '@podstate')))
    symlinkSync(join(dir, 'packages', name), join(dir, 'node_modules', '@podstate', name));
  for (const pkg of readdirSync(join(ROOT, 'packages'))) {
    const nm = join(ROOT, 'packages', pkg, 'node_modules');
    try {
      readdirSync(nm);
      symlinkSync(nm, join(dir, 'packages', pkg, 'node_modules'));
    } catch {}
  }
  return dir;
}

function run(cmd, argv, cwd, env = {}) {
  const r = spawnSync(cmd, argv, {
    cwd,
    env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

/** A bug's textual edits: its `edits`, or its one `file`/`from`/`to`. */
const editsOf = (bug) => bug.edits ?? [{ file: bug.file, from: bug.from, to: bug.to }];
/** The chart definitions: an edit to one needs the compiled tables regenerated (npm run gen). */
const CHARTS = ['packages/core/src/machines/podMachine.ts', 'packages/core/src/machines/containerMachine.ts'];

function plant(dir, bug) {
  for (const edit of editsOf(bug)) {
    const path = join(dir, edit.file);
    const text = readFileSync(path, 'utf8');
    const n = text.split(edit.from).length - 1;
    if (n !== 1) throw new Error(`${bug.id}: expected the text once in ${edit.file}, found it ${n} times`);
    writeFileSync(path, text.replace(edit.from, edit.to));
  }
}

/** Builds the planted tree; regenerates the compiled tables first when a chart was edited. */
function build(dir, bug) {
  const tsc = () => run('node', [join(dir, 'node_modules/typescript/bin/tsc'), '-b'], dir);
  const first = tsc();
  if (first.code !== 0 || !editsOf(bug).some((e) => CHARTS.includes(e.file))) return first;
  const gen = run('node', [join(dir, 'scripts/gen-tables.mjs')], dir);
  if (gen.code !== 0) return gen;
  return tsc();
}

/** The property test at the CI seed: which invariant, after how many lifecycles, how many steps. */
function propertyTest(dir) {
  const r = run(
    'node',
    [
      join(dir, 'node_modules/vitest/vitest.mjs'),
      'run',
      'packages/core/test/invariants.prop.test.ts',
      '-t',
      'every invariant holds',
    ],
    dir,
  );
  const failed = r.out.match(/Property failed after (\d+) tests/);
  const inv = r.out.match(/Error: (I\d+(?: \(projected\))?) at step/);
  const steps = [...r.out.matchAll(/^ {2}#\d+ /gm)].length;
  return failed ? { invariant: inv?.[1] ?? '?', lifecycles: Number(failed[1]), steps } : undefined;
}

/** explore over the built-in set, then podstate run of its counterexample. */
function explore(dir) {
  const cli = join(dir, 'packages/cli/bin/podstate.js');
  const out = join(dir, 'ce');
  const r = run(
    'node',
    [cli, 'explore', '--runs', String(EXPLORE_RUNS), '--seed', String(EXPLORE_SEED), '--out', out],
    dir,
  );
  const m = r.out.match(/^(.+) violated in lifecycle (\d+) .*$/m);
  if (!m) return undefined;
  const shrunk = r.out.match(/\((\d+) steps? after \d+ objects\)/);
  const file = join(out, `counterexample-${EXPLORE_SEED}.yaml`);
  const replay = run('node', [cli, 'run', file, '--log', join(dir, 'ce.jsonl')], dir);
  const invariant = m[1];
  return {
    invariant,
    lifecycles: Number(m[2]),
    steps: shrunk ? Number(shrunk[1]) : Number.NaN,
    replay:
      replay.code === 1
        ? replay.out.includes(invariant)
          ? REPLAYED
          : 'exit 1, its expect fails'
        : `exit ${replay.code}`,
  };
}

const rows = [];
for (const bug of bugs) {
  const dir = scratchCopy();
  try {
    try {
      plant(dir, bug);
    } catch (e) {
      // The source moved on: the bug's text must be updated in BUGS (a miss, not a crash).
      rows.push({
        id: bug.id,
        family: bug.family,
        bug: bug.bug,
        property: null,
        explore: null,
        caught: false,
      });
      if (!json) console.log(`✗ ${bug.id}: cannot plant: ${e.message}`);
      continue;
    }
    const built = build(dir, bug);
    if (built.code !== 0) {
      rows.push({
        id: bug.id,
        family: bug.family,
        bug: bug.bug,
        property: null,
        explore: null,
        caught: false,
      });
      if (!json) console.log(`✗ ${bug.id}: the planted tree does not build:\n${built.out}`);
      continue;
    }
    const prop = exploreOnly ? undefined : propertyTest(dir);
    const ex = explore(dir);
    // explore's counterexample counts only when `podstate run` of it fails naming the same invariant.
    const caught = [prop, ex].some(
      (x) =>
        x !== undefined &&
        x.steps <= MAX_STEPS &&
        x.lifecycles <= EXPLORE_RUNS &&
        (x !== ex || ex.replay === REPLAYED),
    );
    rows.push({
      id: bug.id,
      family: bug.family,
      bug: bug.bug,
      property: prop ?? null,
      explore: ex ?? null,
      caught,
    });
    if (!json)
      console.log(
        `${caught ? '✓' : '✗'} ${bug.id} (${bug.family}): ${bug.bug}\n` +
          `    property test: ${prop ? `${prop.invariant} after ${prop.lifecycles} lifecycles, ${prop.steps} steps shrunk` : exploreOnly ? 'not run (--explore-only)' : 'not caught'}\n` +
          `    explore:       ${ex ? `${ex.invariant} in lifecycle ${ex.lifecycles}, ${ex.steps} steps shrunk; podstate run: ${ex.replay}` : `not caught in ${EXPLORE_RUNS} lifecycles`}`,
      );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
if (json) console.log(JSON.stringify(rows, null, 2));
const missed = rows.filter((r) => !r.caught);
if (!json) console.log(`${rows.length - missed.length}/${rows.length} planted bugs caught`);
process.exit(missed.length === 0 ? 0 : 1);
