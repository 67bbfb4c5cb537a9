#!/usr/bin/env node
// The planted-bug catalogue (issue 17): applies each realistic bug, one at a time, to a scratch
// copy of the repository, builds it, and reports which test and which invariant catch it:
//   - the invariants property test (core/test/invariants.prop.test.ts, the CI seed, 1,000
//     lifecycles): the invariant, after how many lifecycles, and the shrunk counterexample's size;
//   - `podstate explore --runs 10000`: the invariant, the lifecycle it failed in, the
//     counterexample's steps after shrinking, and whether `podstate run` of the counterexample
//     exits 1 naming the same invariant.
// Usage: node scripts/planted-bugs.mjs [bug-id…] [--json] [--explore-only]. Needs a built tree
// (npm run build). --explore-only skips the property test (the slower half).
// Exit 0 when every bug is caught by the property test or explore within 10,000 lifecycles with
// a counterexample of at most 10 steps, else 1. Slow: a build and two runs per bug.
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

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const EXPLORE_RUNS = 10000;
const EXPLORE_SEED = 20260101;
const MAX_STEPS = 10;

/** One bug per rule family: a single textual change to one source file, as a slip would make it. */
const BUGS = [
  {
    id: 'init-order',
    family: 'init containers (computeInitContainerActions)',
    bug: 'the next init container starts after the previous one exited non-zero',
    file: 'packages/core/src/machines/podRules.ts',
    from: "if (s.ctx.role === 'init' && !completedInSandbox(pod, s))",
    to: "if (s.ctx.role === 'init' && !(isTerminatedState(s.value) && s.ctx.sandbox === pod.sandbox))",
  },
  {
    id: 'restart-count',
    family: 'restarts (restartCount)',
    bug: 'a restart does not raise restartCount',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'n.restartCount = c.restartCount + 1;',
    to: 'n.restartCount = c.restartCount;',
  },
  {
    id: 'phase-some',
    family: 'terminal phase (getPhase)',
    bug: 'Succeeded when only some app containers exited 0',
    file: 'packages/core/src/machines/podRules.ts',
    from: 'return apps.every((s) => isTerminatedState(s.value) && s.ctx.current?.exitCode === 0)',
    to: 'return apps.some((s) => isTerminatedState(s.value) && s.ctx.current?.exitCode === 0)',
  },
  {
    id: 'ready-ignores-sidecars',
    family: 'conditions (GenerateContainersReadyCondition)',
    bug: 'Ready/ContainersReady ignore sidecars',
    file: 'packages/projections/src/kube/generateConditions.ts',
    from: 'const considered = [...(spec.initContainers ?? []).filter(isRestartableInitContainer), ...spec.containers];',
    to: 'const considered = [...spec.containers];',
  },
  {
    id: 'sidecar-never',
    family: 'restart policy (ShouldContainerBeRestarted)',
    bug: 'a sidecar is not restarted under restartPolicy Never',
    file: 'packages/core/src/machines/containerRules.ts',
    from: "if (c.needsRun || c.role === 'sidecar') return true;",
    to: "if (c.needsRun || (c.role === 'sidecar' && c.podRestartPolicy !== 'Never')) return true;",
  },
  {
    id: 'backoff-flat',
    family: 'crash-loop back-off (flowcontrol.Backoff)',
    bug: 'the back-off never doubles',
    file: 'packages/core/src/machines/backoff.ts',
    from: 'delay: Math.min(entry.delay * 2, max)',
    to: 'delay: Math.min(entry.delay, max)',
  },
  {
    id: 'readiness-no-reset',
    family: 'readiness probe (worker.doProbe thresholds)',
    bug: 'a readiness success does not reset the failure count',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'n.readySuccesses = c.readySuccesses + 1;\n          n.readyFailures = 0;',
    to: 'n.readySuccesses = c.readySuccesses + 1;',
  },
  {
    id: 'liveness-before-startup',
    family: 'startup probe gating (worker.doProbe)',
    bug: 'liveness probes run (and kill) before the startup probe passed',
    file: 'packages/core/src/machines/containerRules.ts',
    from: "if (kind !== 'startup' && !c.startupOk) {",
    to: "if (kind === 'readiness' && !c.startupOk) {",
  },
  {
    id: 'app-waits-sidecars',
    family: 'app restarts (computePodActions)',
    bug: 'an app container restart waits for every sidecar to run',
    file: 'packages/core/src/machines/podRules.ts',
    from: '} else if (!pod.initialized) {',
    to: "} else if (!pod.initialized || pod.containers.some((o) => o.ctx.role === 'sidecar' && !o.value.startsWith('running.up'))) {",
  },
  {
    id: 'evicted-succeeded',
    family: 'eviction (eviction_manager evictPod)',
    bug: 'an evicted Pod whose apps exited 0 ends Succeeded',
    file: 'packages/core/src/machines/podRules.ts',
    from: "if (pod.statusReason?.reason === 'Evicted') return 'Failed';",
    to: '',
  },
  {
    id: 'nodename-never',
    family: 'scheduling (NodeName.Filter)',
    bug: 'a Pod with spec.nodeName is never schedulable',
    file: 'packages/core/src/machines/podRules.ts',
    from: 'if (spec.nodeName !== undefined && spec.nodeName !== name)',
    to: 'if (spec.nodeName !== undefined)',
  },
  {
    id: 'started-at-exit',
    family: 'container status (state.terminated)',
    bug: 'terminated.startedAt is the exit time',
    file: 'packages/core/src/machines/containerRules.ts',
    from: 'startedAt: c.startedAt ?? e.time,\n          finishedAt: e.time,',
    to: 'startedAt: e.time,\n          finishedAt: e.time,',
  },
];

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

function plant(dir, bug) {
  const path = join(dir, bug.file);
  const text = readFileSync(path, 'utf8');
  const n = text.split(bug.from).length - 1;
  if (n !== 1) throw new Error(`${bug.id}: expected the text once in ${bug.file}, found it ${n} times`);
  writeFileSync(path, text.replace(bug.from, bug.to));
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
          ? 'exit 1, same invariant'
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
    const build = run('node', [join(dir, 'node_modules/typescript/bin/tsc'), '-b'], dir);
    if (build.code !== 0) {
      rows.push({
        id: bug.id,
        family: bug.family,
        bug: bug.bug,
        property: null,
        explore: null,
        caught: false,
      });
      if (!json) console.log(`✗ ${bug.id}: the planted tree does not build:\n${build.out}`);
      continue;
    }
    const prop = exploreOnly ? undefined : propertyTest(dir);
    const ex = explore(dir);
    const caught = [prop, ex].some(
      (x) => x !== undefined && x.steps <= MAX_STEPS && x.lifecycles <= EXPLORE_RUNS,
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
