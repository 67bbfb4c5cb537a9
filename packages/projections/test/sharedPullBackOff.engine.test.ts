/**
 * A pull back-off shared by the containers of a Pod that use the same image (pullImage keys the
 * back-off by Pod and image, image_manager.go): a container that did not pull itself shows
 * ImagePullBackOff only when it is its turn to start (SyncPod starts init containers first, the
 * app containers together); before that it waits like any container (PodInitializing).
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';

const bound = (m: unknown) => [
  ev.nodeRegistered('node-1', {}, []),
  ev.podCreated(m),
  ev.scheduled(),
  ev.sandboxReady(),
];
const states = (d: ReturnType<typeof drive>) => {
  const st = d.pod().status;
  return Object.fromEntries(
    [...(st.initContainerStatuses ?? []), ...(st.containerStatuses ?? [])].map((s) => [s.name, s.state]),
  );
};
const errImagePull = {
  waiting: { reason: 'ErrImagePull', message: 'rpc error: code = NotFound desc = not found' },
};

describe('EnsureImageExists: the shared back-off shows on the container whose turn it is', () => {
  it('an app container after a failing init container of the same image: PodInitializing, not ImagePullBackOff', () => {
    const m = podManifest('ia', {
      initContainers: [{ name: 'a', image: 'busybox:1.36' }],
      containers: [{ name: 'b', image: 'busybox:1.36' }],
    });
    const d = drive([...bound(m), ev.pullFailed('a')]);
    expect(states(d)).toEqual({ a: errImagePull, b: { waiting: { reason: 'PodInitializing' } } });
    expect(d.row().status).toBe('Init:ErrImagePull');
  });

  it('two app containers of the same image: the other one shows ImagePullBackOff at once', () => {
    const m = podManifest('aa', {
      containers: [
        { name: 'a', image: 'busybox:1.36' },
        { name: 'b', image: 'busybox:1.36' },
      ],
    });
    expect(states(drive([...bound(m), ev.pullFailed('a')]))).toEqual({
      a: errImagePull,
      b: {
        waiting: {
          reason: 'ImagePullBackOff',
          message:
            'Back-off pulling image "busybox:1.36": ErrImagePull: rpc error: code = NotFound desc = not found',
        },
      },
    });
  });

  // SyncPod starts the init containers one at a time (computeInitContainerActions): a later one
  // sharing the back-off is not tried, so no reason cache entry is written for it and
  // convertToAPIContainerStatuses shows it PodInitializing, until every init container before it
  // is done: a regular one exited 0 in the current sandbox, a sidecar started and up.
  const pullAlways = { image: 'busybox:1.36', imagePullPolicy: 'Always' };
  const initStates = (d: ReturnType<typeof drive>) => {
    const { a: _app, ...inits } = states(d);
    return inits;
  };
  const initializing = { waiting: { reason: 'PodInitializing' } };

  it('computeInitContainerActions: the third init container waits PodInitializing while the second one, not the first, has not completed', () => {
    const m = podManifest('i3', {
      initContainers: [
        { name: 'i0', image: 'nginx:1.25' },
        { name: 'i1', image: 'busybox:1.36' },
        { name: 'i2', image: 'busybox:1.36' },
      ],
      containers: [{ name: 'a', image: 'nginx:1.25' }],
    });
    const steps = [...bound(m), ev.pulled('i0'), ev.started('i0'), ev.exited('i0', 0), ev.pullFailed('i1')];
    const inits = initStates(drive(steps));
    expect(inits.i0).toMatchObject({ terminated: { exitCode: 0, reason: 'Completed' } });
    expect(inits.i1).toEqual(errImagePull);
    expect(inits.i2).toEqual(initializing);
  });

  it('computeInitContainerActions: an init container that failed (exit 1, its restart pull failing) holds the next one PodInitializing', () => {
    const m = podManifest('fail', {
      restartPolicy: 'OnFailure',
      initContainers: [
        { name: 'i0', ...pullAlways },
        { name: 'i1', ...pullAlways },
      ],
      containers: [{ name: 'a', image: 'nginx:1.25' }],
    });
    const d = drive([
      ...bound(m),
      ev.pulled('i0'),
      ev.started('i0'),
      ev.exited('i0', 1),
      ev.pullFailed('i0'),
    ]);
    expect(initStates(d)).toMatchObject({ i0: errImagePull, i1: initializing });
  });

  it('computeInitContainerActions: an init container that exited 0 in the sandbox before the last one must run again, so the next one waits PodInitializing', () => {
    const m = podManifest('resandboxed', {
      initContainers: [
        { name: 'i0', ...pullAlways },
        { name: 'i1', ...pullAlways },
      ],
      containers: [{ name: 'a', image: 'nginx:1.25' }],
    });
    const d = drive([
      ...bound(m),
      ev.pulled('i0'),
      ev.started('i0'),
      ev.exited('i0', 0),
      ev.sandboxDied(),
      ev.sandboxReady(),
      ev.pullFailed('i0'),
    ]);
    expect(initStates(d)).toMatchObject({ i0: errImagePull, i1: initializing });
  });

  it('computeInitContainerActions: a sidecar that exited 0 is not started and up, so the init container after it waits PodInitializing while the sidecar’s restart pull fails', () => {
    const m = podManifest('sidecar', {
      initContainers: [
        { name: 's0', ...pullAlways, restartPolicy: 'Always' },
        { name: 'i1', ...pullAlways },
      ],
      containers: [{ name: 'a', image: 'nginx:1.25' }],
    });
    const d = drive([
      ...bound(m),
      ev.pulled('s0'),
      ev.started('s0'),
      ev.exited('s0', 0),
      ev.pullFailed('s0'),
    ]);
    // The sidecar's record (exit 0, this sandbox) still shows terminated Completed.
    expect(initStates(d)).toMatchObject({
      s0: { terminated: { exitCode: 0, reason: 'Completed' } },
      i1: initializing,
    });
  });
});
