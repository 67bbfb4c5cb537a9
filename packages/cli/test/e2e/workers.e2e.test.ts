// The real binary with --workers: the same output, exit code and messages as one thread, on the
// examples, on a log written by the store, and on logs one thread refuses (issue 14 item 3).
import { readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createEngine, type EventInput, openJsonlLog } from '@podstate/core';
import { podPartition } from '@podstate/core/internal';
import { builtInManifests, ev, lifecycleArbitrary } from '@podstate/core/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { replayWeights } from '../../src/workers/replayThreads.js';
import { makeTempDir, podstate, repoRoot } from './helpers.js';
import { writeTestLog } from './writeTestLog.js';

const TRACE = { PODSTATE_WORKERS_TRACE: '1' };

/** `get pods -A -o json` on one thread and on `threads`; the split one's trace line is returned apart. */
function both(cwd: string, log: string, threads = 2) {
  const one = podstate(['get', 'pods', '-A', '-o', 'json', '--log', log, '--workers', '1'], {
    cwd,
    env: TRACE,
  });
  const split = podstate(['get', 'pods', '-A', '-o', 'json', '--log', log, '--workers', String(threads)], {
    cwd,
    env: TRACE,
  });
  const [trace, ...rest] = split.stderr.split(/(?<=\n)/);
  return { one, split: { ...split, stderr: rest.join('') }, trace };
}

const at = (i: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString();
const a = { ...builtInManifests.plain, metadata: { name: 'a', namespace: 'default' } };
const b = { ...builtInManifests.plain, metadata: { name: 'b', namespace: 'default' } };
/** Pods `ua` and `ub`, in different partitions of 2 as the binary shares them. */
const spec = { count: 2, weights: replayWeights(2) };
const ua = 'ua';
const ub = ['ub', 'uc', 'ud', 'ue', 'uf', 'ug'].find(
  (u) => podPartition(u, spec) !== podPartition(ua, spec),
)!;
function twoPods(): EventInput[] {
  const steps = [
    { ...ev.nodeRegistered('node-1') },
    { ...ev.podCreated(a, ua) },
    { ...ev.scheduled('node-1'), stream: `pod/${ua}` },
    { ...ev.podCreated(b, ub) },
    { ...ev.scheduled('node-1'), stream: `pod/${ub}` },
    { ...ev.sandboxReady('10.244.0.5'), stream: `pod/${ua}` },
    { ...ev.pulled('app'), stream: `pod/${ua}` },
    { ...ev.sandboxReady('10.244.0.6'), stream: `pod/${ub}` },
    { ...ev.created('app'), stream: `pod/${ub}` },
  ];
  return steps.map((s, i) => ({ stream: s.stream ?? `pod/${ua}`, type: s.type, data: s.data, time: at(i) }));
}

describe('podstate get pods --workers (e2e)', () => {
  it('prints what one thread prints on every example, replayed on two threads', () => {
    const cwd = makeTempDir();
    for (const name of ['crashloop', 'node-lost-three-pods', 'image-pull-policy', 'sidecar', 'pod-gone']) {
      const log = `${name}.jsonl`;
      expect(podstate(['run', join(repoRoot, `examples/${name}.yaml`), '--log', log], { cwd }).code).toBe(0);
      const r = both(cwd, log);
      expect(r.one.code).toBe(0);
      expect(r.split).toEqual({ ...r.one, stderr: '' });
      expect(r.trace).toMatch(
        /^podstate: replayed on 2 threads( \(CPU per thread: [\d.]+ s, [\d.]+ s\))?\n$/,
      );
    }
  });

  it('prints what one thread prints for generated lifecycles written by the store (format 2), on 2 and 3 threads', async () => {
    const cwd = makeTempDir();
    const samples = fc.sample(lifecycleArbitrary({ maxSteps: 60, maxPods: 6 }), {
      seed: 20_261_207,
      numRuns: 3,
    });
    for (const [i, lc] of samples.entries()) {
      const engine = createEngine({ profile: lc.profile });
      const events = lc.events.filter((e) => engine.apply(e).ok);
      const log = await openJsonlLog(join(cwd, `g${i}.jsonl`), { onWarning: () => {} });
      for (const [k, e] of events.entries()) {
        await log.append(e.stream, [
          { type: e.type, time: e.time, data: e.data, ...(k === 0 ? { meta: { profile: lc.profile } } : {}) },
        ]);
      }
      await log.close();
      for (const threads of [2, 3]) {
        const r = both(cwd, `g${i}.jsonl`, threads);
        expect(r.one.code).toBe(0);
        expect(r.split).toEqual(r.one);
        expect(r.trace).toMatch(new RegExp(`^podstate: replayed on ${threads} threads`));
      }
    }
  });

  it('a damaged line is exit 3 with the one-thread message (CRC checked on every line)', () => {
    const cwd = makeTempDir();
    writeTestLog(join(cwd, 'crc.jsonl'), twoPods(), 'current');
    const text = readFileSync(join(cwd, 'crc.jsonl'), 'utf8');
    writeFileSync(join(cwd, 'crc.jsonl'), text.replace('"podIP":"10.244.0.6"', '"podIP":"10.244.0.7"'));
    const r = both(cwd, 'crc.jsonl');
    expect(r.one.code).toBe(3);
    expect(r.one.stderr).toMatch(/crc\.jsonl line 8 \(byte offset \d+\): CRC mismatch/);
    expect(r.split).toEqual(r.one);
    expect(r.trace).toMatch(/^podstate: replayed on one thread: partition \d: line 8: /);
  });

  it('a Pod name reused across partitions while the first Pod lives is the one-thread refusal, exit 3', () => {
    const cwd = makeTempDir();
    const events = twoPods().map((e) =>
      e.type === 'pod.created' && e.stream === `pod/${ub}`
        ? { ...e, data: { manifest: { ...b, metadata: a.metadata } } }
        : e,
    );
    writeTestLog(join(cwd, 'names.jsonl'), events.slice(0, 4), 'current');
    const r = both(cwd, 'names.jsonl');
    expect(r.one.code).toBe(3);
    expect(r.one.stderr).toContain(`Pod default/a already exists (uid ${ua}); remove it first`);
    expect(r.split).toEqual(r.one);
    expect(r.trace).toContain('already exists in another partition');
  });

  it('time going back from one Pod to another (in another partition) is the one-thread refusal, exit 3', () => {
    const cwd = makeTempDir();
    const events = twoPods().map((e, i) => (i === 3 ? { ...e, time: at(1) } : e));
    writeTestLog(join(cwd, 'time.jsonl'), events, 'current');
    const r = both(cwd, 'time.jsonl');
    expect(r.one.code).toBe(3);
    expect(r.one.stderr).toContain("is earlier than the log's latest time");
    expect(r.split).toEqual(r.one);
    expect(r.trace).toContain('time goes backwards');
  });

  it('a torn last line (format 1) replays the complete lines, as on one thread', () => {
    const cwd = makeTempDir();
    const path = join(cwd, 'torn.jsonl');
    writeTestLog(path, twoPods(), 'current');
    truncateSync(path, readFileSync(path).length - 20);
    const r = both(cwd, 'torn.jsonl');
    expect(r.one.code).toBe(0);
    expect(r.split).toEqual(r.one);
    expect(r.trace).toContain('unterminated last line');
  });

  it('--workers and PODSTATE_WORKERS take a number of threads; anything else is exit 2 saying so', () => {
    const cwd = makeTempDir();
    writeTestLog(join(cwd, 'ok.jsonl'), twoPods(), 'current');
    const bad = podstate(['get', 'pods', '--log', 'ok.jsonl', '--workers', '0'], { cwd });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--workers "0" is not a number of threads: give 1 (one thread) to 16');
    const env = podstate(['get', 'pods', '--log', 'ok.jsonl'], { cwd, env: { PODSTATE_WORKERS: 'two' } });
    expect(env.code).toBe(2);
    expect(env.stderr).toContain('PODSTATE_WORKERS "two" is not a number of threads');
    const fromEnv = podstate(['get', 'pods', '--log', 'ok.jsonl'], {
      cwd,
      env: { ...TRACE, PODSTATE_WORKERS: '2' },
    });
    expect(fromEnv.stderr).toMatch(/^podstate: replayed on 2 threads[^\n]*\n$/);
    expect(fromEnv.stdout).toBe(podstate(['get', 'pods', '--log', 'ok.jsonl'], { cwd }).stdout);
  });

  it('a worker the binary started early that the command never uses does not change the outcome', () => {
    const cwd = makeTempDir();
    // --workers 2 starts the worker before the CLI loads (prespawn.ts); the log is missing, so no replay takes it.
    const missing = podstate(['get', 'pods', '--log', 'none.jsonl', '--workers', '2'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no event log at none.jsonl');
    expect(missing.stdout).toBe('');
  });
});
