import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const bound = [ev.nodeRegistered('node-1', {}, ['nginx:1.25']), ev.podCreated(m.secrets), ev.scheduled()];
const up = [...bound, ev.secretApplied('db-creds'), ev.sandboxReady()];

describe('missing Secret / ConfigMap (volumes.md §5; lifecycle.md §9.1)', () => {
  it('SyncPod (WaitForAttachAndMount) + secret.SetUpAt: a missing non-optional Secret volume keeps the Pod before its sandbox (FailedMount)', () => {
    const r = given(...bound)
      .when(ev.sandboxReady())
      .thenRejected('volume_not_mounted');
    expect(r.rule).toBe('SyncPod (WaitForAttachAndMount)');
    given(...bound, ev.secretApplied('db-creds'))
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.pod?.value).toBe('containers.startingApps'));
  });

  it('makeEnvironmentVariables: a missing ConfigMap in env blocks the start (CreateContainerConfigError)', () => {
    given(...up)
      .when(ev.started('app'))
      .thenRejected('config_missing');
  });

  it('makeEnvironmentVariables: a missing key is named', () => {
    given(...up, ev.configMapApplied('app-config', { other: 'x' }))
      .when(ev.started('app'))
      .thenRejected('config_missing');
  });

  it('configMap.SetUpAt: once the objects are applied the container starts; the optional one may stay absent', () => {
    given(...up, ev.configMapApplied('app-config'))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('secret.SetUpAt: deleting the Secret again blocks the next start', () => {
    given(...up, ev.configMapApplied('app-config'), ev.secretDeleted('db-creds'))
      .when(ev.started('app'))
      .thenRejected('volume_not_mounted');
  });

  it('atomic_writer.go validatePath (via validatePayload): an items path over 4096 bytes or a file name over 255 bytes keeps the Pod before its sandbox', () => {
    const withPath = (path: string) => ({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'paths', namespace: 'default' },
      spec: {
        containers: [
          { name: 'app', image: 'nginx:1.25', volumeMounts: [{ name: 'cfg', mountPath: '/etc/cfg' }] },
        ],
        volumes: [{ name: 'cfg', configMap: { name: 'cfg', items: [{ key: 'k', path }] } }],
      },
    });
    const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
    const cfg = ev.configMapApplied('cfg', { k: 'v' });
    const tooLong = 'invalid path: must be less than or equal to 4096 characters';
    const nameTooLong = 'invalid path: filenames must be less than or equal to 255 characters';
    for (const [path, why] of [
      [`${'d/'.repeat(2048)}f`, tooLong],
      ['x'.repeat(256), nameTooLong],
      [`dir/${'é'.repeat(128)}`, nameTooLong],
    ] as const) {
      const r = given(node, cfg, ev.podCreated(withPath(path)), ev.scheduled())
        .when(ev.sandboxReady())
        .thenRejected('volume_not_mounted');
      expect(r.message).toContain(`MountVolume.SetUp failed for volume "cfg" : ${why}`);
    }
    // Projected volumes' payloads go through the same writer: a source's items and the token path.
    const projected = (source: Record<string, unknown>) => ({
      ...withPath('p'),
      spec: {
        ...withPath('p').spec,
        volumes: [{ name: 'cfg', projected: { sources: [source] } }],
      },
    });
    for (const source of [
      { configMap: { name: 'cfg', items: [{ key: 'k', path: 'x'.repeat(256) }] } },
      { serviceAccountToken: { path: 'x'.repeat(256) } },
    ]) {
      const r = given(node, cfg, ev.podCreated(projected(source)), ev.scheduled())
        .when(ev.sandboxReady())
        .thenRejected('volume_not_mounted');
      expect(r.message).toContain(nameTooLong);
    }
    // The limits themselves are allowed (`len(targetPath) > maxPathLength`, `len(element) > maxFileNameLength`).
    for (const path of [`dir/${'x'.repeat(255)}`, `${'d/'.repeat(2047)}ff`]) {
      given(node, cfg, ev.podCreated(withPath(path)), ev.scheduled())
        .when(ev.sandboxReady())
        .thenAccepted();
    }
  });
});
