import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, podstate } from './helpers.js';

// The container-lifecycle corners of the fidelity issue, through the built binary as a user runs
// it: a scenario replayed with `podstate run`, then the Pod read back with `status`/`describe`.

interface ContainerStatusJson {
  name: string;
  state: Record<string, Record<string, unknown>>;
  lastState: Record<string, Record<string, unknown>>;
  restartCount: number;
  ready: boolean;
  started?: boolean;
}

/** Replays `yaml` (Kubernetes objects + a Scenario) into run.jsonl in a fresh directory. */
function run(yaml: string): { cwd: string; stdout: string; stderr: string; code: number | null } {
  const cwd = makeTempDir();
  writeFileSync(join(cwd, 'scenario.yaml'), yaml);
  return { cwd, ...podstate(['run', 'scenario.yaml', '--log', 'run.jsonl'], { cwd }) };
}

/** `podstate status <pod> -o json [--at point]`: the container statuses by name. */
function statuses(cwd: string, pod: string, at?: string): Record<string, ContainerStatusJson> {
  const r = podstate(['status', pod, '--log', 'run.jsonl', ...(at ? ['--at', at] : [])], { cwd });
  expect(r.stderr).toBe('');
  const obj = JSON.parse(r.stdout) as {
    status: { containerStatuses?: ContainerStatusJson[]; initContainerStatuses?: ContainerStatusJson[] };
  };
  const all = [...(obj.status.initContainerStatuses ?? []), ...(obj.status.containerStatuses ?? [])];
  return Object.fromEntries(all.map((s) => [s.name, s]));
}

const pod = (name: string, spec: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\nspec:\n${spec}\n---\n`;
const scenario = (steps: string, auto = false) =>
  `apiVersion: podstate.dev/v1alpha1\nkind: Scenario\nmetadata: {name: corner}\nspec:\n  auto: ${auto}\n  steps:\n${steps}`;

describe('fidelity corners of the container lifecycle (e2e)', () => {
  it('killContainer: a liveness kill is graceful; the container runs until its process exits with its own code', () => {
    const r = run(
      pod(
        'live',
        `  containers:
    - name: app
      image: nginx:1.25
      livenessProbe: {exec: {command: [check]}, failureThreshold: 2}`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulled, container: app}
    - {event: container.started, container: app}
    - {after: 10s, event: container.probe.failed, container: app, probe: liveness}
    - {after: 10s, event: container.probe.failed, container: app, probe: liveness}
    - {after: 5s, event: container.exited, container: app, exitCode: 143}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // seq 1 is pod.created; seq 7 the second liveness failure: SIGTERM sent, still running.
    const killed = statuses(r.cwd, 'live', '7').app!;
    expect(Object.keys(killed.state)).toEqual(['running']);
    expect(killed.restartCount).toBe(0);
    const exited = statuses(r.cwd, 'live').app!;
    expect(exited.state.terminated).toMatchObject({ exitCode: 143, reason: 'Error' });
    const events = podstate(['describe', 'pod', 'live', '--log', 'run.jsonl'], { cwd: r.cwd }).stdout;
    expect(events).toMatch(
      /Normal +Killing +5s +kubelet +Container app failed liveness probe, will be restarted/,
    );
  });

  it('executePreStopHook: the container may exit while its preStop hook runs, and the Pod finishes', () => {
    const r = run(
      pod(
        'quit',
        `  containers:
    - name: web
      image: nginx:1.25
      lifecycle: {preStop: {exec: {command: [nginx, -s, quit]}}}`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulled, container: web}
    - {event: container.started, container: web}
    - {after: 1m, event: pod.deletion.requested}
    - {after: 1s, event: container.exited, container: web, exitCode: 0}
    - expect: {phase: Succeeded, status: Completed}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[+1m1s] container.exited container=web exitCode=0  →  phase=Succeeded');
  });
});
