/**
 * Container status fields a user reads, against the kubelet (convertToAPIContainerStatuses and
 * generateAPIPodStatus, pkg/kubelet/kubelet_pods.go): a container with no runtime record, the
 * reason cache of a container whose own pull failed, and a finished Pod's killed container.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { containerIDOf, imageIDOf } from '../src/status/containerStatuses.js';
import { drive, podManifest } from './drive.js';

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const bound = (m: unknown) => [node, ev.podCreated(m), ev.scheduled(), ev.sandboxReady()];

describe('convertToAPIContainerStatuses', () => {
  it('a container with no runtime record yet shows the default waiting status: no containerID, an empty imageID, restartCount 0', () => {
    const m = podManifest('fresh', { containers: [{ name: 'app', image: 'redis:7.2' }] });
    const d = drive([...bound(m), ev.pulling('app')]);
    expect(d.pod().status.containerStatuses).toEqual([
      {
        name: 'app',
        state: { waiting: { reason: 'ContainerCreating' } },
        lastState: {},
        ready: false,
        started: false,
        restartCount: 0,
        image: 'redis:7.2',
        imageID: '',
      },
    ]);
  });

  it('reason cache: an app container whose own restart pull failed keeps ImagePullBackOff after a new sandbox, while the init containers run again', () => {
    const m = podManifest('resandboxed', {
      initContainers: [{ name: 'init', image: 'nginx:1.25' }],
      containers: [{ name: 'app', image: 'busybox:1.36', imagePullPolicy: 'Always' }],
    });
    const d = drive([
      ...bound(m),
      ev.started('init'),
      ev.exited('init', 0),
      ev.pulled('app'),
      ev.started('app'),
      ev.exited('app', 1),
      ev.pullFailed('app'),
      ev.sandboxDied(),
      ev.sandboxReady(),
    ]);
    const status = d.pod().status;
    expect(status.initContainerStatuses![0]!.state).toMatchObject({ terminated: { exitCode: 0 } });
    expect(status.containerStatuses![0]).toMatchObject({
      state: {
        waiting: {
          reason: 'ImagePullBackOff',
          message:
            'Back-off pulling image "busybox:1.36": ErrImagePull: rpc error: code = NotFound desc = not found',
        },
      },
      lastState: { terminated: { exitCode: 1, reason: 'Error', containerID: containerIDOf('u1', 'app', 1) } },
      restartCount: 0,
      imageID: imageIDOf('busybox:1.36'),
    });
  });

  it('a finished Pod (kubelet eviction, Failed) shows the container it killed terminated, not CrashLoopBackOff, though its back-off is in force', () => {
    const m = podManifest('evicted', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
    const d = drive([
      ...bound(m),
      ev.started('app'),
      ev.exited('app', 1),
      ev.wait(10),
      ev.started('app'),
      ev.evicted('Evicted', 'The node was low on resource: memory.'),
    ]);
    const status = d.pod().status;
    expect(status.phase).toBe('Failed');
    expect(status.containerStatuses![0]).toMatchObject({
      state: { terminated: { exitCode: 137, reason: 'Error', containerID: containerIDOf('u1', 'app', 2) } },
      lastState: { terminated: { exitCode: 1, containerID: containerIDOf('u1', 'app', 1) } },
      restartCount: 1,
      ready: false,
    });
  });
});
