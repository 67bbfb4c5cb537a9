import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { binPath, makeTempDir, podstate, repoRoot } from './helpers.js';

/** A temp dir holding run.jsonl: the crash-loop example replayed (9 events, 0s…16s). */
function crashloopLog(): string {
  const cwd = makeTempDir();
  const r = podstate(['run', join(repoRoot, 'examples/crashloop.yaml'), '--log', 'run.jsonl'], { cwd });
  expect(r.code).toBe(0);
  return cwd;
}

describe('podstate get pods (e2e)', () => {
  it('prints the kubectl table at the end of the log, and -o wide at --at <seq>', () => {
    const cwd = crashloopLog();
    expect(podstate(['get', 'pods', '--log', 'run.jsonl'], { cwd })).toEqual({
      code: 0,
      stdout: 'NAME   READY   STATUS    RESTARTS      AGE\nweb    1/1     Running   2 (10s ago)   16s\n',
      stderr: '',
    });
    const wide = podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '8', '-o', 'wide'], { cwd });
    expect(wide.stdout.split('\n')[1]).toMatch(
      /^web {4}0\/1 {5}CrashLoopBackOff {3}1 \(0s ago\) {3}6s {4}10\.\d+\.\d+\.\d+ +node-1 {3}<none> {11}<none>$/,
    );
  });

  it('--at accepts a duration from the first event and an RFC 3339 time', () => {
    const cwd = crashloopLog();
    const byDuration = podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '6s'], { cwd });
    const byTime = podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '2026-01-01T00:00:06Z'], { cwd });
    expect(byDuration.stdout).toContain('CrashLoopBackOff');
    expect(byTime).toEqual(byDuration);
  });

  it('-o json and -o yaml print a v1 List of Pod objects', () => {
    const cwd = crashloopLog();
    const json = JSON.parse(podstate(['get', 'pods', '--log', 'run.jsonl', '-o', 'json'], { cwd }).stdout);
    expect(json).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(
      json.items.map((p: { metadata: { name: string }; status: { phase: string } }) => [
        p.metadata.name,
        p.status.phase,
      ]),
    ).toEqual([['web', 'Running']]);
    const yaml = parse(podstate(['get', 'pods', '--log', 'run.jsonl', '-o', 'yaml'], { cwd }).stdout);
    expect(yaml).toEqual(json);
  });

  it('an empty view says so on stderr, as kubectl does', () => {
    const cwd = crashloopLog();
    expect(podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '0'], { cwd })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
    });
  });
});

describe('podstate status / describe (e2e)', () => {
  it('status prints the Pod object as kubectl get pod -o json, and -o yaml', () => {
    const cwd = crashloopLog();
    const r = podstate(['status', 'web', '--log', 'run.jsonl'], { cwd });
    expect(r.code).toBe(0);
    const pod = JSON.parse(r.stdout);
    expect(pod).toMatchObject({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
    });
    expect(pod.status.containerStatuses[0]).toMatchObject({
      name: 'app',
      restartCount: 2,
      ready: true,
      lastState: { terminated: { exitCode: 1, reason: 'Error' } },
    });
    const atSeq8 = parse(
      podstate(['status', 'default/web', '--log', 'run.jsonl', '--at', '8', '-o', 'yaml'], { cwd }).stdout,
    );
    expect(atSeq8.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'CrashLoopBackOff',
      message: `back-off 10s restarting failed container=app pod=web_default(${pod.metadata.uid})`,
    });
  });

  it('describe pod prints the Events the kubelet and scheduler would have recorded, counted', () => {
    const cwd = crashloopLog();
    const r = podstate(['describe', 'pod', 'web', '--log', 'run.jsonl'], { cwd });
    expect(r.code).toBe(0);
    const events = r.stdout.slice(r.stdout.indexOf('Events:'));
    const uid = JSON.parse(podstate(['status', 'web', '--log', 'run.jsonl'], { cwd }).stdout).metadata.uid;
    expect(events).toBe(
      [
        'Events:',
        '  Type     Reason     Age               From               Message',
        '  ----     ------     ----              ----               -------',
        '  Normal   Scheduled  16s               default-scheduler  Successfully assigned default/web to node-1',
        '  Normal   Pulling    16s               kubelet            Pulling image "nginx:1.25"',
        '  Normal   Pulled     16s               kubelet            Successfully pulled image "nginx:1.25" in 0s (0s including waiting)',
        `  Warning  BackOff    10s               kubelet            Back-off restarting failed container app in pod web_default(${uid})`,
        '  Normal   Created    0s (x3 over 16s)  kubelet            Created container: app',
        '  Normal   Started    0s (x3 over 16s)  kubelet            Started container app',
        '  Normal   Pulled     0s (x2 over 11s)  kubelet            Container image "nginx:1.25" already present on machine',
        '',
      ].join('\n'),
    );
  });

  it('an unknown Pod → exit 2 naming the nearest', () => {
    const cwd = crashloopLog();
    for (const args of [
      ['status', 'wbe'],
      ['describe', 'pod', 'wbe'],
    ]) {
      expect(podstate([...args, '--log', 'run.jsonl'], { cwd })).toEqual({
        code: 2,
        stdout: '',
        stderr: 'podstate: no Pod named "wbe" in namespace default. Did you mean "web"?\n',
      });
    }
  });

  it('--at beyond the log or not parseable → exit 2 saying what is accepted', () => {
    const cwd = crashloopLog();
    const beyondSeq = podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '99'], { cwd });
    expect(beyondSeq.code).toBe(2);
    expect(beyondSeq.stderr).toBe(
      'podstate: --at 99 is beyond the log: the log ends at seq 9, 2026-01-01T00:00:16.000Z\n',
    );
    const beyondTime = podstate(['describe', 'pod', 'web', '--log', 'run.jsonl', '--at', '1h'], { cwd });
    expect(beyondTime.code).toBe(2);
    expect(beyondTime.stderr).toContain('--at 1h (2026-01-01T01:00:00.000Z) is beyond the log');
    const garbage = podstate(['status', 'web', '--log', 'run.jsonl', '--at', 'yesterday'], { cwd });
    expect(garbage.code).toBe(2);
    expect(garbage.stderr).toContain(
      '"yesterday" is not a seq, an RFC 3339 time or a duration: use e.g. --at 42',
    );
    const missing = podstate(['get', 'pods', '--log', 'nope.jsonl'], { cwd });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no event log at nope.jsonl');
  });

  it('each view command has --help with an example', () => {
    const cwd = makeTempDir();
    for (const [cmd, example] of [
      ['get', '$ podstate get pods'],
      ['status', '$ podstate status web'],
      ['describe', '$ podstate describe pod web'],
      ['watch', '$ podstate watch'],
    ] as const) {
      const r = podstate([cmd, '--help'], { cwd });
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(example);
    }
  });
});

/** Resolves once `read()` satisfies `done`, polling the child's accumulated stdout. */
function until(read: () => string, done: (s: string) => boolean): Promise<string> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const poll = setInterval(() => {
      if (done(read())) {
        clearInterval(poll);
        resolve(read());
      } else if (Date.now() - started > 20_000) {
        clearInterval(poll);
        reject(new Error(`watch output never matched; got:\n${read()}`));
      }
    }, 20);
  });
}

describe('podstate watch (e2e)', () => {
  it('lists the Pods, prints a row when another process appends, and exits 0 on Ctrl-C', async () => {
    const cwd = crashloopLog();
    // Line 1 is the log's head marker; the first record is line 2.
    const uid = JSON.parse(readFileSync(join(cwd, 'run.jsonl'), 'utf8').split('\n')[1]!).stream;
    const child = spawn(process.execPath, [binPath, 'watch', '--log', 'run.jsonl'], {
      cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', (c: Buffer) => {
      out += c.toString();
    });
    child.stderr.on('data', (c: Buffer) => {
      err += c.toString();
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await until(
      () => out,
      (s) => s.includes('web'),
    );
    expect(out).toBe(
      'NAME   READY   STATUS    RESTARTS      AGE\nweb    1/1     Running   2 (10s ago)   16s\n',
    );
    const exit = JSON.stringify({
      stream: uid,
      type: 'container.exited',
      time: '2026-01-01T00:00:20Z',
      data: { container: 'app', exitCode: 1 },
    });
    expect(podstate(['append', '--log', 'run.jsonl', exit], { cwd }).code).toBe(0);
    await until(
      () => out,
      (s) => s.includes('CrashLoopBackOff'),
    );
    expect(out.split('\n')[2]).toBe('web   0/1   CrashLoopBackOff   2 (0s ago)   20s');
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(err).toBe('');
  });
});
