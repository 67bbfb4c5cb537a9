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

  it('evalCRIPullErr and pullImage: classified pull errors, and one back-off per Pod and image shared by its containers', () => {
    const r = run(
      pod(
        'pulls',
        `  containers:
    - name: a
      image: registry.example.com/app:1.0
    - name: b
      image: registry.example.com/app:1.0`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulling, container: a}
    - {event: container.image.pull.failed, container: a, message: "SignatureValidationFailed: no trusted signature"}
    - {event: container.image.pulling, container: b, reject: true}
    - {after: 3s, event: clock.advanced}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // seq 5 is the failure: its own container shows the classified reason at that instant
    expect(statuses(r.cwd, 'pulls', '5').a!.state.waiting).toEqual({
      reason: 'SignatureValidationFailed',
      message:
        'image pull failed for registry.example.com/app:1.0 because the signature validation failed: no trusted signature',
    });
    const later = statuses(r.cwd, 'pulls');
    const backOff = {
      reason: 'ImagePullBackOff',
      message:
        'Back-off pulling image "registry.example.com/app:1.0": SignatureValidationFailed: image pull failed for registry.example.com/app:1.0 because the signature validation failed: no trusted signature',
    };
    expect(later.a!.state.waiting).toEqual(backOff);
    expect(later.b!.state.waiting).toEqual(backOff);
    expect(r.stdout).toMatch(
      /container\.image\.pulling container=b refused as expected: .* is in back-off until/,
    );
  });

  it('ParseImageName: an image that does not parse waits with InvalidImageName, a Warning InspectFailed, and is never pulled', () => {
    const r = run(
      pod('typo', '  containers:\n    - name: app\n      image: http://root') +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulling, container: app, reject: true}
    - {event: container.started, container: app, reject: true}
    - expect: {phase: Pending, status: InvalidImageName}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const message = `Failed to apply default image tag "http://root": couldn't parse image name "http://root": invalid reference format`;
    expect(statuses(r.cwd, 'typo').app!.state.waiting).toEqual({ reason: 'InvalidImageName', message });
    const described = podstate(['describe', 'pod', 'typo', '--log', 'run.jsonl'], { cwd: r.cwd }).stdout;
    expect(described).toContain(`Warning  InspectFailed  0s    kubelet            ${message}`);
    expect(described).not.toContain('Pulling');
    const table = podstate(['get', 'pods', '--log', 'run.jsonl'], { cwd: r.cwd }).stdout;
    expect(table).toContain('typo   0/1     InvalidImageName   0          0s');
  });

  it('startContainer: while postStart runs, the container is waiting (ContainerCreating) in the API', () => {
    const r = run(
      pod(
        'hooked',
        `  containers:
    - name: web
      image: nginx:1.25
      lifecycle: {postStart: {exec: {command: [sh, -c, "sleep 5"]}}}`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulled, container: web}
    - {event: container.started, container: web}
    - {after: 5s, event: container.poststart.succeeded, container: web}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const during = statuses(r.cwd, 'hooked', '5').web!;
    expect(during.state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(during.started).toBe(false);
    expect(podstate(['get', 'pods', '--log', 'run.jsonl', '--at', '5'], { cwd: r.cwd }).stdout).toContain(
      'hooked   0/1     ContainerCreating',
    );
    expect(Object.keys(statuses(r.cwd, 'hooked').web!.state)).toEqual(['running']);
  });

  it('computePodActions: a sidecar killed for a failed liveness probe does not hold the app container back', () => {
    const r = run(
      pod(
        'meshed',
        `  initContainers:
    - name: mesh
      image: envoy:1.30
      restartPolicy: Always
      livenessProbe: {exec: {command: [check]}, failureThreshold: 1}
  containers:
    - name: app
      image: nginx:1.25`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.9}
    - {event: container.image.pulled, container: mesh}
    - {event: container.started, container: mesh}
    - {after: 10s, event: container.probe.failed, container: mesh, probe: liveness}
    - {event: container.image.pulled, container: app}
    - {event: container.started, container: app}
    - {event: container.exited, container: mesh, exitCode: 143}
    - {event: container.started, container: mesh}
    - expect: {phase: Running, status: Running, ready: "2/2", restarts: 1}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('makeEnvironmentVariables (GenerateRunContainerOptions): a Secret that appears after a CreateContainerConfigError gives its value to the start that succeeds', () => {
    const r = run(
      pod(
        'api',
        `  containers:
    - name: app
      image: nginx:1.25
      env:
        - name: DB_PASSWORD
          valueFrom: {secretKeyRef: {name: db, key: password}}`,
      ) +
        scenario(`    - {event: pod.scheduled, node: node-1}
    - {event: pod.sandbox.ready, podIP: 10.244.1.7}
    - {event: container.image.pulled, container: app}
    - expect: {status: CreateContainerConfigError}
    - {after: 5s, event: secret.applied, name: db, data: {password: czNjcmV0}}
    - {after: 1s, event: container.started, container: app}
    - expect: {status: Running, env: {app: {DB_PASSWORD: s3cret}}}
`),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    // Both expectations hold, and the value itself is never printed.
    expect(r.stdout.match(/✓ as expected/g)).toHaveLength(2);
    expect(r.stdout).not.toContain('s3cret');
    // After the pull (seq 4): startContainer builds the config once EnsureImageExists is done.
    expect(statuses(r.cwd, 'api', '3').app!.state.waiting).toEqual({ reason: 'ContainerCreating' });
    const before = statuses(r.cwd, 'api', '4');
    expect(before.app!.state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "db" not found',
    });
    expect(statuses(r.cwd, 'api').app!.state.running).toBeDefined();
  });

  it('convertToAPIContainerStatuses + purgeInitContainers: an init container that exited 0 shows Completed after its sandbox died, CrashLoopBackOff once the new sandbox purged its record', () => {
    // setup failed once (a back-off entry), then both init containers completed; the sandbox dies
    // at 4 s and a new one is ready at 8 s, where setup's re-run is held by the back-off.
    const r = run(
      pod(
        'init-rerun',
        '  initContainers:\n    - {name: setup, image: busybox:1.36}\n    - {name: migrate, image: busybox:1.36}\n  containers: [{name: app, image: nginx:1.25}]',
      ) +
        scenario(
          [
            '    - {event: pod.scheduled, node: node-1}',
            '    - {event: pod.sandbox.ready, podIP: 10.244.1.7}',
            '    - {event: container.image.pulled, container: setup}',
            '    - {event: container.started, container: setup}',
            '    - {after: 1s, event: container.exited, container: setup, exitCode: 1}',
            '    - {event: container.started, container: setup}',
            '    - {after: 1s, event: container.exited, container: setup, exitCode: 0}',
            '    - {event: container.started, container: migrate}',
            '    - {after: 1s, event: container.exited, container: migrate, exitCode: 0}',
            '    - {after: 1s, event: pod.sandbox.died}',
            '    - {after: 4s, event: pod.sandbox.ready, podIP: 10.244.1.8}',
            '',
          ].join('\n'),
        ),
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const died = statuses(r.cwd, 'init-rerun', '5s');
    expect(died.setup!.state.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(died.setup!.ready).toBe(true);
    const conditions = (at: string) =>
      (
        JSON.parse(
          podstate(['status', 'init-rerun', '--log', 'run.jsonl', '--at', at], { cwd: r.cwd }).stdout,
        ) as {
          status: { conditions: { type: string; status: string }[] };
        }
      ).status.conditions;
    expect(conditions('5s')).toContainEqual(expect.objectContaining({ type: 'Initialized', status: 'True' }));
    const rows = (at: string) =>
      podstate(['get', 'pods', '--log', 'run.jsonl', '--at', at], { cwd: r.cwd }).stdout.split('\n')[1];
    expect(rows('5s')).toMatch(/^init-rerun +0\/1 +PodInitializing +/);
    const recreated = statuses(r.cwd, 'init-rerun', '8s');
    expect(recreated.setup!.state.waiting).toMatchObject({ reason: 'CrashLoopBackOff' });
    expect(recreated.setup!.lastState.terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(conditions('8s')).toContainEqual(
      expect.objectContaining({ type: 'Initialized', status: 'False' }),
    );
    expect(rows('8s')).toMatch(/^init-rerun +0\/1 +Init:CrashLoopBackOff +/);
  });
});
