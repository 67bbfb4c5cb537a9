/**
 * postStart as the API shows it (kuberuntime_container.go startContainer): the hook runs inside
 * the sync that started the container, and that sync writes the status only afterwards, so until
 * the hook returns the container looks as it did before the start.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';
import { bound } from './shapes.js';

const web = podManifest('hooked', {
  containers: [
    {
      name: 'web',
      image: 'nginx:1.25',
      lifecycle: { postStart: { exec: { command: ['sh', '-c', 'sleep 5'] } } },
    },
  ],
});
const statusOf = (d: ReturnType<typeof drive>) => d.pod().status.containerStatuses![0]!;

describe('postStart (startContainer)', () => {
  it('startContainer: while postStart runs the container is still waiting (ContainerCreating) and the Pod Pending', () => {
    // Given the runtime started "web" and its postStart hook runs
    const d = drive([...bound(web), ev.started('web')]);
    // Then the API still shows it waiting, not started, not ready, with no container ID yet
    expect(statusOf(d)).toMatchObject({
      state: { waiting: { reason: 'ContainerCreating' } },
      ready: false,
      started: false,
      restartCount: 0,
      imageID: '',
    });
    expect(statusOf(d).containerID).toBeUndefined();
    expect(d.pod().status.phase).toBe('Pending');
    expect(d.row().status).toBe('ContainerCreating');
    // When the hook returns, the container is running
    const done = drive([...bound(web), ev.started('web'), ev.postStartOk('web')]);
    expect(Object.keys(statusOf(done).state)).toEqual(['running']);
    expect(done.pod().status.phase).toBe('Running');
  });

  it('startContainer: a restart whose postStart runs still shows the last run, terminated, and the old restart count', () => {
    const restart = [
      ...bound(web),
      ev.started('web'),
      ev.postStartOk('web'),
      ev.exited('web', 1),
      ev.started('web'),
    ];
    const d = drive(restart);
    expect(statusOf(d)).toMatchObject({
      state: { terminated: { exitCode: 1, reason: 'Error' } },
      lastState: {},
      restartCount: 0,
      ready: false,
    });
    const done = drive([...restart, ev.postStartOk('web')]);
    expect(statusOf(done)).toMatchObject({
      lastState: { terminated: { exitCode: 1 } },
      restartCount: 1,
      ready: true,
    });
  });
});
