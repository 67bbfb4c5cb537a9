/**
 * CreateContainerConfigError as the status shows it, read from the container chart's state
 * (createContainerConfigError: startContainer → generateContainerConfig failed), never recomputed
 * from the cluster: convertToAPIContainerStatuses shows the reason cache's entry, and printPod
 * turns it into the STATUS column.
 */
import { after, ev, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';

const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'default' },
  spec,
});
const api = (restartPolicy = 'Always') =>
  podOf({ restartPolicy, containers: [{ name: 'app', image: 'nginx:1.25', env: secretEnv }] });
const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'busybox:1.36']);
const secret = ev.secretApplied('db', { password: 'czNjcmV0' });
const failing: Step[] = [node, ev.podCreated(api()), ev.scheduled(), ev.sandboxReady()];
const statusOf = (d: ReturnType<typeof drive>, name: string) =>
  [...(d.pod().status.containerStatuses ?? []), ...(d.pod().status.initContainerStatuses ?? [])].find(
    (s) => s.name === name,
  )!;

describe('convertToAPIContainerStatuses: CreateContainerConfigError from the chart state', () => {
  it('startContainer (kuberuntime_container.go): waiting CreateContainerConfigError with makeEnvironmentVariables’ message; printPod STATUS CreateContainerConfigError', () => {
    const d = drive(failing);
    expect(statusOf(d, 'app').state).toEqual({
      waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' },
    });
    expect(d.row().status).toBe('CreateContainerConfigError');
  });

  it('reasonCache: the Secret applied later does not clear it before the next sync; the next sync does', () => {
    expect(drive([...failing, secret]).row().status).toBe('CreateContainerConfigError');
    const synced = drive([...failing, secret, ev.gate('example.com/ready', 'True')]);
    expect(statusOf(synced, 'app').state).toEqual({ waiting: { reason: 'ContainerCreating' } });
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: a deleted Pod no longer shows it', () => {
    const d = drive([...failing, ev.deletion(30)]);
    expect(statusOf(d, 'app').state.waiting?.reason).not.toBe('CreateContainerConfigError');
    expect(d.row().status).not.toBe('CreateContainerConfigError');
  });

  it('printPod: an init container in createContainerConfigError shows Init:CreateContainerConfigError', () => {
    const init = podOf({
      initContainers: [{ name: 'wait-db', image: 'busybox:1.36', env: secretEnv }],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    const d = drive([node, ev.podCreated(init), ev.scheduled(), ev.sandboxReady()]);
    expect(statusOf(d, 'wait-db').state.waiting).toEqual({
      reason: 'CreateContainerConfigError',
      message: 'secret "db" not found',
    });
    expect(d.row().status).toBe('Init:CreateContainerConfigError');
  });

  it('doBackOff → startContainer: a restart whose config fails shows CreateContainerConfigError with the last run in lastState', () => {
    const d = drive([
      node,
      ev.podCreated(api('OnFailure')),
      secret,
      ev.scheduled(),
      ev.sandboxReady(),
      ev.started('app'),
      ev.secretDeleted('db'),
      after(5, ev.exited('app', 1)),
    ]);
    const s = statusOf(d, 'app');
    expect(s.state).toEqual({
      waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' },
    });
    expect(s.lastState.terminated?.exitCode).toBe(1);
    expect(d.row().status).toBe('CreateContainerConfigError');
  });

  it('reasonCache: the entry still shows while the sandbox is recreated (only a SyncPod that reaches the start replaces it)', () => {
    const d = drive([...failing, ev.sandboxDied()]);
    expect(d.pod().status.podIP).toBeUndefined();
    expect(statusOf(d, 'app').state).toEqual({
      waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' },
    });
    expect(d.row().status).toBe('CreateContainerConfigError');
  });

  it('reasonCache: the entry still shows after a mounted ConfigMap volume’s object is deleted (the volume stays mounted)', () => {
    const withVolume = podOf({
      volumes: [{ name: 'cfg', configMap: { name: 'cfg' } }],
      containers: [{ name: 'app', image: 'nginx:1.25', env: secretEnv }],
    });
    const d = drive([
      node,
      ev.configMapApplied('cfg'),
      ev.podCreated(withVolume),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.configMapDeleted('cfg'),
    ]);
    expect(statusOf(d, 'app').state).toEqual({
      waiting: { reason: 'CreateContainerConfigError', message: 'secret "db" not found' },
    });
  });
});
