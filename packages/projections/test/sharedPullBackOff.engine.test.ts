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
});
