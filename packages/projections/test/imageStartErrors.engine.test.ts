/**
 * ErrImageNeverPull and InvalidImageName as the status shows them, read from the container chart's
 * state (errImageNeverPull / invalidImageName: startContainer → EnsureImageExists failed at the
 * kubelet's sync), never recomputed from the node's images: convertToAPIContainerStatuses shows
 * the reason cache's entry, and printPod turns it into the STATUS column.
 */
import { after, ev, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';

const IMAGE = 'registry.local/app:1.0';
const NEVER = `Container image "${IMAGE}" is not present with pull policy of Never`;
const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'default' },
  spec,
});
const never = (restartPolicy = 'Always') =>
  podOf({ restartPolicy, containers: [{ name: 'app', image: IMAGE, imagePullPolicy: 'Never' }] });
const bare = ev.nodeRegistered('node-1', {}, ['busybox:1.36']);
const cached = ev.nodeRegistered('node-1', {}, ['busybox:1.36', IMAGE]);
const withImage = ev.nodeUpdated('node-1', { images: ['busybox:1.36', IMAGE] });
const withoutImage = ev.nodeUpdated('node-1', { images: ['busybox:1.36'] });
const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } };
const failing: Step[] = [bare, ev.podCreated(never()), ev.scheduled(), ev.sandboxReady()];
const statusOf = (d: ReturnType<typeof drive>, name: string) =>
  [...(d.pod().status.containerStatuses ?? []), ...(d.pod().status.initContainerStatuses ?? [])].find(
    (s) => s.name === name,
  )!;

describe('convertToAPIContainerStatuses: ErrImageNeverPull from the chart state', () => {
  it('image_manager.go EnsureImageExists: waiting ErrImageNeverPull with its message; printPod STATUS ErrImageNeverPull', () => {
    const d = drive(failing);
    expect(statusOf(d, 'app').state).toEqual({ waiting: { reason: 'ErrImageNeverPull', message: NEVER } });
    expect(d.row().status).toBe('ErrImageNeverPull');
  });

  it('reasonCache: the image added to the node does not clear it before the next sync; the next sync does', () => {
    expect(drive([...failing, withImage]).row().status).toBe('ErrImageNeverPull');
    const synced = drive([...failing, withImage, relabel]);
    expect(statusOf(synced, 'app').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: a deleted Pod no longer shows it', () => {
    const d = drive([...failing, ev.deletion(30)]);
    expect(statusOf(d, 'app').state.waiting?.reason).not.toBe('ErrImageNeverPull');
    expect(d.row().status).not.toBe('ErrImageNeverPull');
  });

  it('printPod: an init container in errImageNeverPull shows Init:ErrImageNeverPull', () => {
    const init = podOf({
      initContainers: [{ name: 'migrate', image: IMAGE, imagePullPolicy: 'Never' }],
      containers: [{ name: 'app', image: 'busybox:1.36' }],
    });
    const d = drive([bare, ev.podCreated(init), ev.scheduled(), ev.sandboxReady()]);
    expect(statusOf(d, 'migrate').state).toEqual({
      waiting: { reason: 'ErrImageNeverPull', message: NEVER },
    });
    expect(statusOf(d, 'app').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    expect(d.row().status).toBe('Init:ErrImageNeverPull');
  });

  it('doBackOff → startContainer → EnsureImageExists: a restart whose image went from the node shows ErrImageNeverPull with the last run in lastState', () => {
    const d = drive([
      cached,
      ev.podCreated(never('OnFailure')),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      withoutImage,
      after(5, ev.exited('app', 1)),
    ]);
    const s = statusOf(d, 'app');
    expect(s.state).toEqual({ waiting: { reason: 'ErrImageNeverPull', message: NEVER } });
    expect(s.lastState.terminated?.exitCode).toBe(1);
    expect(d.row().status).toBe('ErrImageNeverPull');
  });
});

describe('convertToAPIContainerStatuses: InvalidImageName from the chart state', () => {
  it('EnsureImageExists → applyDefaultImageTag: waiting InvalidImageName with the parse error; printPod STATUS InvalidImageName', () => {
    const d = drive([
      bare,
      ev.podCreated(podOf({ containers: [{ name: 'app', image: 'ROOT' }] })),
      ev.scheduled(),
      ev.sandboxReady(),
    ]);
    const w = statusOf(d, 'app').state.waiting;
    expect(w?.reason).toBe('InvalidImageName');
    expect(w?.message).toMatch(/^Failed to apply default image tag "ROOT": /);
    expect(d.row().status).toBe('InvalidImageName');
  });

  it('printPod: an init container in invalidImageName shows Init:InvalidImageName; before the sandbox, PodInitializing', () => {
    const init = podOf({
      initContainers: [{ name: 'migrate', image: 'ROOT' }],
      containers: [{ name: 'app', image: 'busybox:1.36' }],
    });
    const bound = [bare, ev.podCreated(init), ev.scheduled()];
    expect(statusOf(drive(bound), 'migrate').state).toEqual({ waiting: { reason: 'PodInitializing' } });
    const d = drive([...bound, ev.sandboxReady()]);
    expect(statusOf(d, 'migrate').state.waiting?.reason).toBe('InvalidImageName');
    expect(d.row().status).toBe('Init:InvalidImageName');
  });
});

describe('what a terminating or evicted Pod shows for a container the kubelet will not start again', () => {
  it('kuberuntime_container.go ShouldContainerBeRestarted is false once deletionTimestamp is set: a crash-looping container of a deleted Pod shows terminated, not CrashLoopBackOff (convertToAPIContainerStatuses)', () => {
    const looping: Step[] = [
      bare,
      ev.podCreated(podOf({ containers: [{ name: 'app', image: 'busybox:1.36' }] })),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.started('app'),
      ev.exited('app', 1),
    ];
    expect(statusOf(drive(looping), 'app').state.waiting?.reason).toBe('CrashLoopBackOff');
    const d = drive([...looping, ev.deletion(30)]);
    expect(statusOf(d, 'app').state.terminated?.exitCode).toBe(1);
    expect(statusOf(d, 'app').state.waiting).toBeUndefined();
  });

  it('status_manager.go TerminatePod: a container in CreateContainerConfigError of a Pod the kubelet evicts ends ContainerStatusUnknown (exit 137)', () => {
    const secretEnv = [{ name: 'P', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
    const d = drive([
      bare,
      ev.podCreated(podOf({ containers: [{ name: 'app', image: 'busybox:1.36', env: secretEnv }] })),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.evicted('Evicted', 'The node was low on resource: memory.'),
    ]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(statusOf(d, 'app').state).toEqual({
      terminated: {
        exitCode: 137,
        reason: 'ContainerStatusUnknown',
        message: 'The container could not be located when the pod was terminated',
      },
    });
  });
});
