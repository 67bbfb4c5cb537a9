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
    expect(r.stdout).toMatch(/^imported argocd\/my-pod: \d+ facts from its status$/m);
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
      expect.stringMatching(/^imported default\/nginx: \d+ facts from its status$/),
      expect.stringMatching(/^imported default\/sleep: \d+ facts from its status$/),
    ]);
    const table = podstate(['get', 'pods', '--log', 'w.jsonl'], { cwd }).stdout;
    expect(table).toMatch(/^nginx\s+1\/1\s+Running\s+0\s/m);
    expect(table).toMatch(/^sleep\s+2\/2\s+Running\s+0\s/m);
  });

  it('imports a Pod with its Events (kubectl get events -o json beside it): the facts carry the Events’ times', () => {
    const cwd = makeTempDir();
    const events = join(repoRoot, 'packages/import/test/fixtures/events/flanksource-healthy.events.json');
    const r = podstate(['import', fixture('flanksource-healthy.yaml'), events, '--log', 'h.jsonl'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(
      /^imported kube-system\/coredns-7448775847-fswg4: \d+ facts from its status and its Events$/m,
    );
    const lines = readFileSync(join(cwd, 'h.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.filter((e) => e.type?.startsWith('container.')).map((e) => `${e.type} ${e.time}`)).toEqual([
      'container.image.pulling 2024-07-25T09:59:41.000Z',
      'container.image.pulled 2024-07-25T09:59:42.000Z',
      'container.started 2024-07-25T09:59:43.000Z',
      'container.probe.failed 2024-07-25T09:59:43.000Z',
      'container.probe.succeeded 2024-07-25T09:59:43.001Z',
    ]);
    expect(podstate(['verify', '--log', 'h.jsonl'], { cwd }).code).toBe(0);
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

  it('compares every observation of a watch stream and says which earlier ones podstate reproduced', () => {
    const cwd = makeTempDir();
    const last = JSON.parse(readFileSync(fixture('k9s-po.json'), 'utf8'));
    const creating = structuredClone(last);
    creating.status = {
      phase: 'Pending',
      hostIP: last.status.hostIP,
      startTime: last.status.startTime,
      conditions: [{ type: 'PodScheduled', status: 'True' }],
      containerStatuses: [
        {
          name: 'nginx',
          image: 'nginx:alpine',
          imageID: '',
          ready: false,
          restartCount: 0,
          lastState: {},
          state: { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    };
    const stream = [creating, last]
      .map((object, i) => JSON.stringify({ type: i ? 'MODIFIED' : 'ADDED', object }))
      .join('\n');
    const r = podstate(['conform', '-', '-o', 'json'], { cwd, input: stream });
    expect(r.stderr).toBe('');
    const [pod] = JSON.parse(r.stdout);
    expect(pod.earlier).toEqual([
      { where: 'stdin:1', at: '2019-08-09T05:12:19.000Z', compared: expect.any(Number), differences: [] },
    ]);
    expect(pod.differences).toEqual([]);
    expect(r.code).toBe(0);
    const text = podstate(['conform', '-'], { cwd, input: stream }).stdout;
    expect(text).toContain('  earlier observations: 1/1 reproduced\n');
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
