import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { makeTempDir, podstate, repoRoot } from './helpers.js';

const real = join(repoRoot, 'packages/import/test/fixtures/real');
const fixture = (name: string) => join(real, name);

/** The fields `get pods -o json` must reproduce from an imported observation. */
// biome-ignore lint/suspicious/noExplicitAny: a Pod object read back from JSON.
function essentials(pod: Record<string, any>) {
  const s = pod.status ?? {};
  // biome-ignore lint/suspicious/noExplicitAny: container statuses read back from JSON.
  const containers = (list: any[] | undefined) =>
    (list ?? []).map((c) => ({
      name: c.name,
      state: Object.keys(c.state ?? {})[0],
      reason: c.state?.waiting?.reason ?? c.state?.terminated?.reason,
      ready: c.ready,
      restartCount: c.restartCount,
    }));
  return {
    name: pod.metadata.name,
    phase: s.phase,
    podIP: s.podIP,
    containers: containers(s.containerStatuses),
    init: containers(s.initContainerStatuses),
  };
}

describe('podstate import (e2e, the built binary)', () => {
  it('imports a real CrashLoopBackOff Pod so that get pods -o json reproduces its status', () => {
    const cwd = makeTempDir();
    const r = podstate(['import', fixture('argo-pod-crashloop.yaml'), '--log', 'c.jsonl'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^imported argocd\/my-pod: \d+ facts$/m);
    const got = JSON.parse(
      podstate(['get', 'pods', '-n', 'argocd', '-o', 'json', '--log', 'c.jsonl'], { cwd }).stdout,
    );
    const observed = parse(readFileSync(fixture('argo-pod-crashloop.yaml'), 'utf8'));
    expect(essentials(got.items[0])).toEqual(essentials(observed));
    expect(podstate(['verify', '--log', 'c.jsonl'], { cwd }).code).toBe(0);
  });

  it('imports a v1 List and a watch stream read from stdin', () => {
    const cwd = makeTempDir();
    const a = JSON.parse(readFileSync(fixture('k9s-po.json'), 'utf8'));
    const b = JSON.parse(readFileSync(fixture('k9s-po_sidecar.json'), 'utf8'));
    const stream = [
      { type: 'ADDED', object: a },
      { type: 'MODIFIED', object: b },
    ]
      .map((e) => JSON.stringify(e, null, 2))
      .join('\n');
    const r = podstate(['import', '-', '--log', 'w.jsonl'], { cwd, input: stream });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim().split('\n')).toEqual([
      expect.stringMatching(/^imported default\/nginx: \d+ facts$/),
      expect.stringMatching(/^imported default\/sleep: \d+ facts$/),
    ]);
    const table = podstate(['get', 'pods', '--log', 'w.jsonl'], { cwd }).stdout;
    expect(table).toMatch(/^nginx\s+1\/1\s+Running\s+0\s/m);
    expect(table).toMatch(/^sleep\s+2\/2\s+Running\s+0\s/m);
  });

  it('refuses bad input with exit 2, naming the object and the field, and appends nothing', () => {
    const cwd = makeTempDir();
    writeFileSync(join(cwd, 'notk8s.txt'), 'hello: [world\n');
    let r = podstate(['import', 'notk8s.txt', '--log', 'x.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^podstate: notk8s\.txt:\d+:\d+: /);
    const { status: _s, ...manifest } = JSON.parse(readFileSync(fixture('k9s-po.json'), 'utf8'));
    writeFileSync(join(cwd, 'nostatus.json'), JSON.stringify(manifest));
    r = podstate(['import', 'nostatus.json', '--log', 'x.jsonl'], { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^podstate: nostatus\.json:1: Pod default\/nginx: status: the Pod has no status/,
    );
    r = podstate(
      [
        'import',
        join(repoRoot, 'packages/import/test/fixtures/k9s-po_init-contradiction.json'),
        '--log',
        'x.jsonl',
      ],
      { cwd },
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/Pod default\/nginx: status\.containerStatuses\[0\]\.state: .*\(rule: .*I3/);
    expect(existsSync(join(cwd, 'x.jsonl'))).toBe(false);
  });
});

describe('podstate conform (e2e, the built binary)', () => {
  it('exits 0 when every compared field agrees, in memory (no log file written)', () => {
    const cwd = makeTempDir();
    const r = podstate(['conform', fixture('argo-pod-crashloop.yaml')], { cwd });
    expect(r).toEqual({
      code: 0,
      stdout: expect.stringMatching(
        /^✓ argocd\/my-pod: \d+ fields as the cluster showed them\n1\/1 Pods as observed/,
      ),
      stderr: '',
    });
    expect(readdirSync(cwd)).toEqual([]);
  });

  it('exits 1 on a difference, printing the field, both values and the rule; --log keeps the imported log', () => {
    const cwd = makeTempDir();
    const r = podstate(['conform', fixture('argo-pod-error.yaml'), '--log', 'e.jsonl'], { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '    kubectl get pods STATUS: cluster "Error", podstate "CrashLoopBackOff"\n      decided by: the kubectl get pods row (pkg/printers/internalversion/printers.go printPod)\n',
    );
    expect(existsSync(join(cwd, 'e.jsonl'))).toBe(true);
    expect(podstate(['get', 'pods', '-n', 'argocd', '--log', 'e.jsonl'], { cwd }).stdout).toMatch(
      /CrashLoopBackOff/,
    );
  });
});
