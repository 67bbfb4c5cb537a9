/**
 * Details of a container status a user reads in `kubectl get pod -o yaml` that the table tests do
 * not reach: the waiting reason a failed postStart leaves for the restart (reasonCache), the
 * termination message and signal of an exit, and the image ID of a Docker Hub image outside
 * `library/`.
 */
import { randomUUID } from 'node:crypto';
import { ev } from '@podstate/core/testing';
import { imageIDOf } from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';
import { bound } from './shapes.js';

const hooked = podManifest('hooked', {
  containers: [
    {
      name: 'web',
      image: 'nginx:1.25',
      lifecycle: { postStart: { exec: { command: ['sh', '-c', 'exit 1'] } } },
    },
  ],
});
const statusOf = (d: ReturnType<typeof drive>) => d.pod().status.containerStatuses![0]!;

describe('a failed postStart hook (kuberuntime_container.go startContainer, reason_cache.go)', () => {
  it('startContainer returns PostStartHookError: the killed container waits with that reason and the hook message, its run in lastState', () => {
    const d = drive([
      ...bound(hooked),
      ev.started('web'),
      ev.postStartFailed('web', 'hook exited 1: no such file'),
    ]);
    expect(statusOf(d)).toMatchObject({
      state: { waiting: { reason: 'PostStartHookError', message: 'hook exited 1: no such file' } },
      lastState: { terminated: { exitCode: 137, reason: 'Error' } },
      ready: false,
    });
    expect(d.row().status).toBe('PostStartHookError');
  });

  it('without a hook message the waiting message is "PostStartHook failed"', () => {
    const d = drive([
      ...bound(hooked),
      ev.started('web'),
      { type: 'container.poststart.failed', data: { container: 'web' } },
    ]);
    expect(statusOf(d).state).toEqual({
      waiting: { reason: 'PostStartHookError', message: 'PostStartHook failed' },
    });
  });
});

describe('convertToAPIContainerStatuses: what a terminated state carries', () => {
  const plain = podManifest('web', {
    restartPolicy: 'Never',
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });

  it('the termination message and the signal of an exit are shown; absent ones are not', () => {
    const d = drive([
      ...bound(plain),
      ev.started('app'),
      ev.exited('app', 1, { reason: 'Error', message: 'disk full', signal: 15 }),
    ]);
    expect(statusOf(d).state.terminated).toMatchObject({
      exitCode: 1,
      reason: 'Error',
      message: 'disk full',
      signal: 15,
    });
    const quiet = drive([...bound(plain), ev.started('app'), ev.exited('app', 0)]);
    const t = statusOf(quiet).state.terminated!;
    expect(t).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect('message' in t).toBe(false);
    expect('signal' in t).toBe(false);
  });
});

describe('imageID: the repository the runtime reports the image under', () => {
  it('a Docker Hub image of a user (bitnami/redis) is docker.io/bitnami/redis, not library/', () => {
    expect(imageIDOf('bitnami/redis:7.2')).toMatch(/^docker\.io\/bitnami\/redis@sha256:[0-9a-f]{64}$/);
  });
});

describe('imageIDOf past its memo bound (4,096 image names)', () => {
  it('the IDs stay right after the memo is cleared: library images, user images, registries with a port', () => {
    // Names never seen before (per run), so the memo fills up and is cleared at least once and the
    // IDs below are computed afresh, not read back from it.
    const run = randomUUID();
    for (let i = 0; i <= 4096; i++) imageIDOf(`filler-${run}/app:${i}`);
    expect(imageIDOf('nginx:1.25')).toMatch(/^docker\.io\/library\/nginx@sha256:[0-9a-f]{64}$/);
    expect(imageIDOf('bitnami/redis:7.2')).toMatch(/^docker\.io\/bitnami\/redis@sha256:[0-9a-f]{64}$/);
    expect(imageIDOf('registry.local:5000/app:1.0')).toMatch(
      /^registry\.local:5000\/app@sha256:[0-9a-f]{64}$/,
    );
    expect(imageIDOf('nginx:1.25')).toBe(imageIDOf('nginx:1.25'));
  });
});
