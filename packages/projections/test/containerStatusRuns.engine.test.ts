/**
 * A container's status across its runs, field by field (convertToAPIContainerStatuses,
 * pkg/kubelet/kubelet_pods.go): the running state's startedAt, the containerID of the current run
 * and of the last one in lastState, restartCount, and the new instance the runtime created
 * before a restart (kuberuntime_container.go startContainer: restartCount + 1).
 */
import { ev, now } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { containerIDOf, imageIDOf } from '../src/status/containerStatuses.js';
import { drive, podManifest } from './drive.js';

const web = podManifest('web', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
const bound = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(web),
  ev.scheduled(),
  ev.sandboxReady(),
];
const statusOf = (steps: Parameters<typeof drive>[0]) => drive(steps).pod().status.containerStatuses![0]!;
const run = (n: number) => containerIDOf('u1', 'app', n);
const image = { image: 'nginx:1.25', imageID: imageIDOf('nginx:1.25') };
const firstRun = {
  exitCode: 1,
  reason: 'Error',
  startedAt: '2026-01-01T00:00:04Z',
  finishedAt: '2026-01-01T00:00:05Z',
  containerID: run(1),
};

describe('convertToAPIContainerStatuses across runs', () => {
  it('first run: running since its start, the first run’s containerID, no lastState', () => {
    expect(statusOf([...bound, ev.started('app')])).toEqual({
      name: 'app',
      state: { running: { startedAt: '2026-01-01T00:00:04Z' } },
      lastState: {},
      ready: true,
      started: true,
      restartCount: 0,
      ...image,
      containerID: run(1),
    });
  });

  it('convertContainerStatus: the runtime created the first instance: waiting with no reason, restartCount 0, that instance’s containerID and imageID, kept by its start', () => {
    expect(statusOf([...bound, ev.created('app')])).toEqual({
      name: 'app',
      state: { waiting: {} },
      lastState: {},
      ready: false,
      started: false,
      restartCount: 0,
      ...image,
      containerID: run(1),
    });
    expect(statusOf([...bound, ev.created('app'), ev.started('app')]).containerID).toBe(run(1));
  });

  it('after its exit, before the restart: terminated, same containerID', () => {
    expect(statusOf([...bound, ev.started('app'), ev.exited('app', 1)])).toMatchObject({
      state: { terminated: firstRun },
      lastState: {},
      restartCount: 0,
      containerID: run(1),
    });
  });

  it('the runtime created the next instance: waiting with no reason, the exited run in lastState, restartCount 1, the new containerID', () => {
    expect(statusOf([...bound, ev.started('app'), ev.exited('app', 1), ev.created('app')])).toMatchObject({
      state: { waiting: {} },
      lastState: { terminated: firstRun },
      restartCount: 1,
      containerID: run(2),
    });
  });

  it('second run: running since the restart, the first run in lastState with its own containerID', () => {
    expect(statusOf([...bound, ev.started('app'), ev.exited('app', 1), now(ev.started('app'))])).toEqual({
      name: 'app',
      state: { running: { startedAt: '2026-01-01T00:00:05Z' } },
      lastState: { terminated: firstRun },
      ready: true,
      started: true,
      restartCount: 1,
      ...image,
      containerID: run(2),
    });
    expect(run(2)).not.toBe(run(1));
  });
});
