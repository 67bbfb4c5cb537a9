/**
 * pkg/kubelet/kubelet_pods_test.go TestPodPhaseWith*: every case driven through events into the
 * engine, projected with StatusProjection, and compared with the upstream phase. `shapes` are
 * the container statuses the case reached (the upstream helpers' names, see shapes.ts).
 * Upstream often leaves a container without a status ("no status" = not yet created); the
 * kubelet itself always reports one per spec container (convertToAPIContainerStatuses), so here
 * such a container shows its default waiting reason — the same phase, noted as `waiting`.
 */
import { ev, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';
import { bound, crashTwice, init, type Shape, shapes, sidecar, testPod } from './shapes.js';

interface Case {
  name: string;
  steps: Step[];
  phase: string;
  shapes: Record<string, Shape>;
}

const A = 'containerA';
const B = 'containerB';
const X = 'containerX';
const Y = 'containerY';
const up = (...names: string[]) => names.map((n) => ev.started(n));
const exit = (name: string, code = 0) => ev.exited(name, code);
const sandboxRecreated = [ev.sandboxDied(), ev.sandboxReady()];

function table(title: string, manifest: unknown, cases: Case[]) {
  describe(title, () => {
    it.each(cases.map((c) => [c.name, c] as const))('getPhase: %s', (_n, c) => {
      const pod = drive([...bound(manifest), ...c.steps]).pod();
      expect(shapes(pod)).toMatchObject(c.shapes);
      expect(pod.status.phase).toBe(c.phase);
    });
  });
}

table('TestPodPhaseWithRestartAlways', testPod('Always'), [
  { name: 'waiting', steps: [], phase: 'Pending', shapes: { [A]: 'waiting', [B]: 'waiting' } },
  { name: 'all running', steps: up(A, B), phase: 'Running', shapes: { [A]: 'running', [B]: 'running' } },
  {
    name: 'all stopped with restart always',
    steps: [...up(A, B), exit(A), exit(B)],
    phase: 'Running',
    shapes: { [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all succeeded with restart always, but the pod is terminal',
    steps: [...up(A, B), ev.deletion(), exit(A), exit(B)],
    phase: 'Succeeded',
    shapes: { [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all stopped with restart always, but the pod is terminal',
    steps: [...up(A, B), ev.deletion(), exit(A), exit(B, 1)],
    phase: 'Failed',
    shapes: { [A]: 'succeeded', [B]: 'failed' },
  },
  {
    name: 'mixed state #1 with restart always',
    steps: [...up(A, B), exit(B)],
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'succeeded' },
  },
  {
    name: 'mixed state #2 with restart always',
    steps: up(A),
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
  {
    name: 'mixed state #3 with restart always',
    steps: [...up(A), ev.created(B)],
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
  {
    name: 'backoff crashloop container with restart always',
    steps: [...up(A), ...crashTwice(B, 0)],
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'waitingLast0' },
  },
]);

table('TestPodPhaseWithRestartAlwaysInitContainers', testPod('Always', [init(X)]), [
  { name: 'empty, waiting', steps: [], phase: 'Pending', shapes: { [X]: 'waiting' } },
  { name: 'init container running', steps: up(X), phase: 'Pending', shapes: { [X]: 'running' } },
  {
    name: 'init container terminated non-zero',
    steps: [...up(X), exit(X, 1)],
    phase: 'Pending',
    shapes: { [X]: 'failed' },
  },
  {
    // Reached through a sandbox re-creation: the completed init container is created again.
    name: 'init container waiting, terminated zero',
    steps: [...up(X), exit(X), ...sandboxRecreated, ev.created(X)],
    phase: 'Pending',
    shapes: { [X]: 'waitingLast0' },
  },
  {
    name: 'init container waiting, terminated non-zero',
    steps: crashTwice(X, 1),
    phase: 'Pending',
    shapes: { [X]: 'waitingLastNZ' },
  },
  {
    name: 'init container waiting, not terminated',
    steps: [ev.created(X)],
    phase: 'Pending',
    shapes: { [X]: 'waiting' },
  },
  {
    name: 'init container succeeded',
    steps: [...up(X), exit(X), ...up(A, B)],
    phase: 'Running',
    shapes: { [X]: 'succeeded', [A]: 'running', [B]: 'running' },
  },
]);

// The sidecar has a startup probe, so `running` (started unset) and `started` can both be reached.
const restartableCases = (policy: 'Always' | 'Never'): Case[] => [
  { name: 'empty, waiting', steps: [], phase: 'Pending', shapes: { [X]: 'waiting' } },
  { name: 'restartable init container running', steps: up(X), phase: 'Pending', shapes: { [X]: 'running' } },
  {
    name: 'restartable init container stopped',
    steps: [...up(X), exit(X)],
    phase: 'Pending',
    shapes: { [X]: 'succeeded' },
  },
  // While its record shows exit 0 the kubelet shows it terminated (convertToAPIContainerStatuses
  // skips the reason cache); a new sandbox purges the record (purgeInitContainers), and the restart
  // held by the back-off then shows waiting with that run as lastState. A Never Pod gets no new
  // sandbox once a container ran (computePodActions), so there the held restart shows terminated.
  policy === 'Always'
    ? {
        name: 'restartable init container waiting, terminated zero',
        steps: [...crashTwice(X, 0), ...sandboxRecreated],
        phase: 'Pending',
        shapes: { [X]: 'waitingLast0' },
      }
    : {
        name: 'restartable init container held after exiting 0 twice: shown terminated zero',
        steps: crashTwice(X, 0),
        phase: 'Pending',
        shapes: { [X]: 'succeeded' },
      },
  {
    name: 'restartable init container waiting, terminated non-zero',
    steps: crashTwice(X, 1),
    phase: 'Pending',
    shapes: { [X]: 'waitingLastNZ' },
  },
  {
    name: 'restartable init container waiting, not terminated',
    steps: [ev.created(X)],
    phase: 'Pending',
    shapes: { [X]: 'waiting' },
  },
  {
    name:
      policy === 'Always'
        ? 'restartable init container started, 1/2 regular container running'
        : 'restartable init container started, one main container running',
    steps: [...up(X), ev.probeOk(X, 'startup'), ...up(A)],
    phase: 'Pending',
    shapes: { [X]: 'started', [A]: 'running', [B]: 'waiting' },
  },
];
const sidecarUp = [...up(X), ev.probeOk(X, 'startup'), ...up(A, B)];

table('TestPodPhaseWithRestartAlwaysRestartableInitContainers', testPod('Always', [sidecar(X, true)]), [
  ...restartableCases('Always'),
  {
    name: 'restartable init container started, all regular containers running',
    steps: sidecarUp,
    phase: 'Running',
    shapes: { [X]: 'started', [A]: 'running', [B]: 'running' },
  },
  {
    name: 'restartable init container running, all regular containers running',
    steps: [...sidecarUp, exit(X, 1), ...up(X)],
    phase: 'Running',
    shapes: { [X]: 'running', [A]: 'running', [B]: 'running' },
  },
  {
    name: 'restartable init container stopped, all regular containers running',
    steps: [...sidecarUp, exit(X)],
    phase: 'Running',
    shapes: { [X]: 'succeeded', [A]: 'running', [B]: 'running' },
  },
  {
    name: 'backoff crashloop restartable init container, all regular containers running',
    steps: [...sidecarUp, exit(X, 1), ...up(X), exit(X, 1)],
    phase: 'Running',
    shapes: { [X]: 'waitingLastNZ', [A]: 'running', [B]: 'running' },
  },
  {
    name: 'all regular containers succeeded and restartable init container failed with restart always, but the pod is terminal',
    steps: [...sidecarUp, ev.deletion(), exit(A), exit(B), exit(X, 1)],
    phase: 'Succeeded',
    shapes: { [X]: 'failed', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all regular containers succeeded and restartable init container succeeded with restart always, but the pod is terminal',
    steps: [...sidecarUp, ev.deletion(), exit(A), exit(B), exit(X)],
    phase: 'Succeeded',
    shapes: { [X]: 'succeeded', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    // Upstream keeps the old regular containers running; a dead sandbox kills them (§6.1), so here
    // they show their last exit — getPhase still waits for the sidecar to start again.
    name: 're-initializing the pod after the sandbox is recreated',
    steps: [...sidecarUp, ...sandboxRecreated, ...up(X)],
    phase: 'Pending',
    shapes: { [X]: 'running', [A]: 'failed', [B]: 'failed' },
  },
]);

table('TestPodPhaseWithRestartAlwaysAndPodHasRun', testPod('Always', [init(X), sidecar(Y, true)], [A]), [
  {
    // Upstream has the sidecar running beside the init container; in spec order it starts after
    // it (§5), so here it is stopped (its old run) — the phase is decided by the init container.
    name: 'regular containers is stopped, restartable init container and regular int container are both running',
    steps: [...up(X), exit(X), ...up(Y), ev.probeOk(Y, 'startup'), ...up(A), ...sandboxRecreated, ...up(X)],
    phase: 'Pending',
    shapes: { [X]: 'running', [Y]: 'failed', [A]: 'failed' },
  },
  {
    name: 're-created sandbox: regular init container is succeeded, restartable init container is running, old regular containers is stopped',
    steps: [
      ...up(X),
      exit(X),
      ...up(Y),
      ev.probeOk(Y, 'startup'),
      ...up(A),
      ...sandboxRecreated,
      ...up(X),
      exit(X),
      ...up(Y),
    ],
    phase: 'Pending',
    shapes: { [X]: 'succeeded', [Y]: 'running', [A]: 'failed' },
  },
  {
    name: 'regular init container is succeeded, restartable init container is running, regular containers is stopped',
    steps: [...up(X), exit(X), ...up(Y), ev.probeOk(Y, 'startup'), ...up(A), exit(A), exit(Y, 1), ...up(Y)],
    phase: 'Running',
    shapes: { [X]: 'succeeded', [Y]: 'running', [A]: 'succeeded' },
  },
  {
    name: 'regular init container is succeeded, restartable init container and regular containers are both running',
    steps: [...up(X), exit(X), ...up(Y), ev.probeOk(Y, 'startup'), ...up(A), exit(Y, 1), ...up(Y)],
    phase: 'Running',
    shapes: { [X]: 'succeeded', [Y]: 'running', [A]: 'running' },
  },
]);

table('TestPodPhaseWithRestartNever', testPod('Never'), [
  { name: 'waiting', steps: [], phase: 'Pending', shapes: { [A]: 'waiting', [B]: 'waiting' } },
  {
    name: 'all running with restart never',
    steps: up(A, B),
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'running' },
  },
  {
    name: 'all succeeded with restart never',
    steps: [...up(A, B), exit(A), exit(B)],
    phase: 'Succeeded',
    shapes: { [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all failed with restart never',
    steps: [...up(A, B), exit(A, 1), exit(B, 1)],
    phase: 'Failed',
    shapes: { [A]: 'failed', [B]: 'failed' },
  },
  {
    name: 'mixed state #1 with restart never',
    steps: [...up(A, B), exit(B)],
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'succeeded' },
  },
  {
    name: 'mixed state #2 with restart never',
    steps: up(A),
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
  {
    name: 'mixed state #3 with restart never',
    steps: [...up(A), ev.created(B)],
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
]);

table('TestPodPhaseWithRestartNeverInitContainers', testPod('Never', [init(X)]), [
  { name: 'empty, waiting', steps: [], phase: 'Pending', shapes: { [X]: 'waiting' } },
  { name: 'init container running', steps: up(X), phase: 'Pending', shapes: { [X]: 'running' } },
  {
    name: 'init container terminated non-zero',
    steps: [...up(X), exit(X, 1)],
    phase: 'Failed',
    shapes: { [X]: 'failed' },
  },
  {
    name: 'init container waiting, not terminated',
    steps: [ev.created(X)],
    phase: 'Pending',
    shapes: { [X]: 'waiting' },
  },
  {
    name: 'init container succeeded',
    steps: [...up(X), exit(X), ...up(A, B)],
    phase: 'Running',
    shapes: { [X]: 'succeeded', [A]: 'running', [B]: 'running' },
  },
]);

table('TestPodPhaseWithRestartNeverRestartableInitContainers', testPod('Never', [sidecar(X, true)]), [
  ...restartableCases('Never'),
  {
    name: 'restartable init container started, main containers succeeded',
    steps: [...sidecarUp, exit(A), exit(B)],
    phase: 'Running',
    shapes: { [X]: 'started', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'restartable init container re-running, main containers succeeded',
    steps: [...sidecarUp, exit(X, 1), ...up(X), exit(A), exit(B)],
    phase: 'Running',
    shapes: { [X]: 'running', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all containers succeeded',
    steps: [...sidecarUp, exit(A), exit(B), exit(X)],
    phase: 'Succeeded',
    shapes: { [X]: 'succeeded', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'restartable init container terminated non-zero, main containers succeeded',
    steps: [...sidecarUp, exit(A), exit(B), exit(X, 1)],
    phase: 'Succeeded',
    shapes: { [X]: 'failed', [A]: 'succeeded', [B]: 'succeeded' },
  },
  // The sidecar is in back-off when the last main container exits: the Pod turns Succeeded at
  // that event, and its final status shows the sidecar's last exit (nothing restarts any more).
  {
    name: 'backoff crashloop restartable init container, main containers succeeded',
    steps: [...sidecarUp, exit(X), ...up(X), exit(X), exit(A), exit(B)],
    phase: 'Succeeded',
    shapes: { [X]: 'succeeded', [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'backoff crashloop with non-zero restartable init container, main containers succeeded',
    steps: [...sidecarUp, exit(X, 1), ...up(X), exit(X, 1), exit(A), exit(B)],
    phase: 'Succeeded',
    shapes: { [X]: 'failed', [A]: 'succeeded', [B]: 'succeeded' },
  },
]);

table('TestPodPhaseWithRestartOnFailure', testPod('OnFailure'), [
  { name: 'waiting', steps: [], phase: 'Pending', shapes: { [A]: 'waiting', [B]: 'waiting' } },
  {
    name: 'all running with restart onfailure',
    steps: up(A, B),
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'running' },
  },
  {
    name: 'all succeeded with restart onfailure',
    steps: [...up(A, B), exit(A), exit(B)],
    phase: 'Succeeded',
    shapes: { [A]: 'succeeded', [B]: 'succeeded' },
  },
  {
    name: 'all failed with restart never',
    steps: [...up(A, B), exit(A, 1), exit(B, 1)],
    phase: 'Running',
    shapes: { [A]: 'failed', [B]: 'failed' },
  },
  {
    name: 'mixed state #1 with restart onfailure',
    steps: [...up(A, B), exit(B)],
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'succeeded' },
  },
  {
    name: 'mixed state #2 with restart onfailure',
    steps: up(A),
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
  {
    name: 'mixed state #3 with restart onfailure',
    steps: [...up(A), ev.created(B)],
    phase: 'Pending',
    shapes: { [A]: 'running', [B]: 'waiting' },
  },
  {
    // OnFailure never restarts an exit 0, so the crash loop is reached with a non-zero exit.
    name: 'backoff crashloop container with restart onfailure',
    steps: [...up(A), ...crashTwice(B, 1)],
    phase: 'Running',
    shapes: { [A]: 'running', [B]: 'waitingLastNZ' },
  },
]);
