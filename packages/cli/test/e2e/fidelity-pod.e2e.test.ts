import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate, repoRoot } from './helpers.js';

// The Pod-level corners of the fidelity issue, through the real binary: each example scenario runs
// as a user would run it, and the views (`get pods`, `status`) read the log it wrote.

/** Runs examples/<name>.yaml into run.jsonl in a fresh directory; returns the directory. */
function runExample(name: string): string {
  const cwd = makeTempDir();
  const r = podstate(['run', join(repoRoot, 'examples', `${name}.yaml`), '--log', 'run.jsonl'], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return cwd;
}

/** The event types the log holds, in order. */
function loggedTypes(cwd: string): string[] {
  return readFileSync(join(cwd, 'run.jsonl'), 'utf8')
    .split('\n')
    .filter((l) => l.includes('"type"'))
    .map((l) => (JSON.parse(l) as { type: string }).type);
}

/** `podstate status <pod>` as a Pod object. */
function status(cwd: string, pod: string, at?: string) {
  const r = podstate(['status', pod, '--log', 'run.jsonl', ...(at ? ['--at', at] : [])], { cwd });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as {
    status: {
      phase: string;
      podIP?: string;
      conditions: { type: string; status: string; reason?: string }[];
    };
  };
}

describe('Pod-level fidelity corners (e2e)', () => {
  it('CheckGracefulDelete + BeforeDelete: deleting an unscheduled Pod removes it in the same request (one fact)', () => {
    const cwd = runExample('delete-pending');
    const types = loggedTypes(cwd);
    expect(types.filter((t) => t === 'pod.deletion.requested')).toHaveLength(1);
    expect(types).not.toContain('pod.removed');
    expect(podstate(['get', 'pods', '--log', 'run.jsonl'], { cwd })).toEqual({
      code: 0,
      stdout: '',
      stderr: 'No resources found in default namespace.\n',
    });
  });

  it('computePodActions (KillPod) + GeneratePodReadyToStartContainersCondition: a Succeeded Pod shows PodReadyToStartContainers=False', () => {
    const cwd = runExample('terminal-sandbox');
    const conditions = status(cwd, 'migrate').status.conditions;
    expect(status(cwd, 'migrate').status.phase).toBe('Succeeded');
    expect(conditions.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('False');
    const running = status(cwd, 'migrate', '10s').status.conditions;
    expect(running.find((c) => c.type === 'PodReadyToStartContainers')?.status).toBe('True');
  });

  it('eviction_manager.go synchronize + generateAPIPodStatus: a kubelet-evicted Pod shows DisruptionTarget=True, reason TerminationByKubelet', () => {
    const cwd = runExample('eviction');
    const pod = status(cwd, 'batch').status as { phase: string; reason?: string; conditions: unknown[] };
    expect(pod).toMatchObject({ phase: 'Failed', reason: 'Evicted' });
    expect(pod.conditions).toContainEqual(
      expect.objectContaining({
        type: 'DisruptionTarget',
        status: 'True',
        reason: 'TerminationByKubelet',
        message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 42Mi.',
      }),
    );
  });

  it('applySchedulingGatedCondition + SchedulingGates.PreEnqueue + printPod: SchedulingGated until the last gate is removed', () => {
    const cwd = runExample('scheduling-gates');
    const gated = podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '30s'], { cwd });
    expect(gated.stdout.split('\n')[1]).toMatch(/^batch +0\/1 +SchedulingGated +0 +30s$/);
    expect(status(cwd, 'batch', '30s').status.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }),
    );
    const types = loggedTypes(cwd);
    expect(types.filter((t) => t === 'pod.scheduling-gates.removed')).toHaveLength(2);
    expect(types.indexOf('pod.scheduled')).toBeGreaterThan(types.lastIndexOf('pod.scheduling-gates.removed'));
    expect(status(cwd, 'batch').status.phase).toBe('Running');
  });

  it('SchedulingGates.PreEnqueue through podstate append: pod.scheduled while gated → exit 2, the log keeps its bytes', () => {
    const cwd = makeTempDir();
    const event = (type: string, second: number, data: Record<string, unknown>) =>
      JSON.stringify({ stream: 'pod/u1', type, time: `2026-01-01T00:00:0${second}.000Z`, data });
    const manifest = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'batch', namespace: 'default' },
      spec: {
        schedulingGates: [{ name: 'example.com/quota' }],
        containers: [{ name: 'batch', image: 'busybox:1.36' }],
      },
    };
    expect(podstate(['append', event('pod.created', 0, { manifest })], { cwd }).code).toBe(0);
    const before = readFileSync(join(cwd, 'events.jsonl'));
    expect(podstate(['append', event('pod.scheduled', 1, { node: 'node-1' })], { cwd }).code).toBe(2);
    expect(readFileSync(join(cwd, 'events.jsonl'))).toEqual(before);
    const removed = event('pod.scheduling-gates.removed', 2, { gates: ['example.com/quota'] });
    expect(podstate(['append', removed], { cwd }).code).toBe(0);
    expect(podstate(['append', event('pod.scheduled', 3, { node: 'node-1' })], { cwd }).code).toBe(0);
  });

  it('SyncPod (WaitForAttachAndMount): a missing Secret volume keeps the Pod before its sandbox: ContainerCreating, PodReadyToStartContainers=False, no Pod IP, FailedMount', () => {
    const cwd = runExample('volume-wait');
    const waiting = status(cwd, 'api', '10s').status;
    expect(waiting.podIP).toBeUndefined();
    expect(waiting.conditions).toContainEqual(
      expect.objectContaining({ type: 'PodReadyToStartContainers', status: 'False' }),
    );
    const describe = podstate(['describe', 'pod', 'api', '--log', 'run.jsonl', '--at', '10s'], { cwd });
    expect(describe.code).toBe(0);
    expect(describe.stdout).toMatch(
      /Warning {2}FailedMount .*MountVolume\.SetUp failed for volume "tls" : secret "api-tls" not found/,
    );
    const types = loggedTypes(cwd);
    expect(types.indexOf('pod.sandbox.ready')).toBeGreaterThan(types.indexOf('secret.applied'));
    expect(status(cwd, 'api').status.phase).toBe('Running');
  });

  it('BeforeDelete + SyncTerminatingPod: a second, shorter deletion moves deletionTimestamp to the first request + the new grace; the kubelet still kills with the first grace', () => {
    // A 60 s deletion at 10 s, a 5 s one at 40 s, then one without a grace and a longer one (both
    // change nothing). The API shows deletionTimestamp 10 s + 5 s = 15 s and grace 5; the kill
    // that began at 10 s goes on with 60 s, so at 50 s the containers still exit on SIGTERM (0).
    const cwd = makeTempDir();
    writeFileSync(
      join(cwd, 'second-delete.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata: {name: web}',
        'spec:',
        '  containers: [{name: app, image: nginx:1.25}]',
        '---',
        'apiVersion: podstate.dev/v1alpha1',
        'kind: Scenario',
        'metadata: {name: second-delete}',
        'spec:',
        '  steps:',
        '    - {at: 0s, expect: {status: Running}}',
        '    - {at: 10s, event: pod.deletion.requested, gracePeriodSeconds: 60}',
        '    - {at: 40s, event: pod.deletion.requested, gracePeriodSeconds: 5}',
        '    - {at: 41s, event: pod.deletion.requested}',
        '    - {at: 42s, event: pod.deletion.requested, gracePeriodSeconds: 30}',
        '    - {at: 50s, expect: {removed: true}}',
        '',
      ].join('\n'),
    );
    const r = podstate(['run', 'second-delete.yaml', '--log', 'run.jsonl'], { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const got = podstate(['get', 'pods', '-o', 'json', '--log', 'run.jsonl', '--at', '45s'], { cwd });
    expect(got.code).toBe(0);
    const pod = (JSON.parse(got.stdout) as { items: { metadata: Record<string, unknown> }[] }).items[0]!;
    expect(pod.metadata).toMatchObject({
      deletionTimestamp: '2026-01-01T00:00:15Z',
      deletionGracePeriodSeconds: 5,
    });
    const described = podstate(['describe', 'pod', 'web', '--log', 'run.jsonl', '--at', '45s'], { cwd });
    expect(described.stdout).toMatch(/^Status: +Terminating \(lasts 30s\)$/m);
    expect(described.stdout).toMatch(/^Termination Grace Period: +5s$/m);
    const exits = readFileSync(join(cwd, 'run.jsonl'), 'utf8')
      .split('\n')
      .filter((l) => l.includes('"container.exited"'))
      .map((l) => JSON.parse(l) as { time: string; data: { exitCode: number } });
    expect(exits.map((e) => [e.time, e.data.exitCode])).toEqual([['2026-01-01T00:00:50.000Z', 0]]);
  });

  it('CheckGracefulDelete + store.go Delete (updateForGracefulDeletionAndFinalizers): gracePeriodSeconds 0 removes a running Pod in the request; a second request with 0 removes a Terminating one; a finalizer keeps the object', () => {
    const cwd = makeTempDir();
    const scenario = (name: string, finalizers: string, steps: string[]) =>
      writeFileSync(
        join(cwd, `${name}.yaml`),
        [
          'apiVersion: v1',
          'kind: Pod',
          `metadata: {name: web${finalizers}}`,
          'spec:',
          '  containers: [{name: app, image: nginx:1.25}]',
          '---',
          'apiVersion: podstate.dev/v1alpha1',
          'kind: Scenario',
          `metadata: {name: ${name}}`,
          'spec:',
          '  steps:',
          '    - {at: 0s, expect: {status: Running}}',
          ...steps.map((s) => `    - ${s}`),
          '',
        ].join('\n'),
      );
    const run = (name: string) => {
      const r = podstate(['run', `${name}.yaml`, '--log', `${name}.jsonl`], { cwd });
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      const types = readFileSync(join(cwd, `${name}.jsonl`), 'utf8')
        .split('\n')
        .filter((l) => l.includes('"type"'))
        .map((l) => (JSON.parse(l) as { type: string }).type);
      const get = (at: string) => podstate(['get', 'pods', '--log', `${name}.jsonl`, '--at', at], { cwd });
      return { types, get, stdout: r.stdout };
    };
    const gone = { code: 0, stdout: '', stderr: 'No resources found in default namespace.\n' };

    // A first request with grace 0: gone at 10 s; no container exit or pod.removed is logged.
    scenario('zero', '', [
      '{at: 10s, event: pod.deletion.requested, gracePeriodSeconds: 0}',
      '{at: 10s, expect: {removed: true}}',
    ]);
    const zero = run('zero');
    expect(zero.types.slice(-1)).toEqual(['pod.deletion.requested']);
    expect(zero.types).not.toContain('container.exited');
    expect(zero.get('9s').stdout.split('\n')[1]).toMatch(/^web +1\/1 +Running +0 +9s$/);
    expect(zero.get('10s')).toEqual(gone);

    // kubectl delete --force --grace-period=0 on a Pod Terminating with 60 s: gone at once.
    scenario('force', '', [
      '{at: 10s, event: pod.deletion.requested, gracePeriodSeconds: 60}',
      '{at: 20s, event: pod.deletion.requested, gracePeriodSeconds: 0}',
      '{at: 20s, expect: {removed: true}}',
    ]);
    const force = run('force');
    expect(force.types.filter((t) => t === 'pod.deletion.requested')).toHaveLength(2);
    expect(force.types).not.toContain('pod.removed');
    expect(force.get('15s').stdout.split('\n')[1]).toMatch(/^web +1\/1 +Terminating +0 +15s$/);
    expect(force.get('20s')).toEqual(gone);

    // With a finalizer the object stays, Terminating: the kubelet kills the container and writes
    // its status (the auto-driver then stands in for whoever removes the finalizer: pod.removed).
    scenario('kept', ', finalizers: [example.com/keep]', [
      '{at: 10s, event: pod.deletion.requested, gracePeriodSeconds: 0}',
    ]);
    const kept = run('kept');
    expect(kept.stdout).toMatch(
      /pod\.deletion\.requested gracePeriodSeconds=0 +→ +phase=Running status=Terminating/,
    );
    expect(kept.types.slice(-3)).toEqual(['pod.deletion.requested', 'container.exited', 'pod.removed']);
    expect(zero.stdout).toMatch(/pod\.deletion\.requested gracePeriodSeconds=0 +→ +removed/);
  });
});
