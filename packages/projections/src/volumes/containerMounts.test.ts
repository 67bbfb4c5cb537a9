import { admitServiceAccount, type Pod } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { containerMounts } from './containerMounts.js';
import { appendObjectVersion, type ObjectHistory } from './objectHistory.js';
import { decodeTokenClaims } from './token/serviceAccountToken.js';

const td = new TextDecoder();
const cm = (data: Record<string, string>) => ({ data, binaryData: {} });
const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1' },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx',
        volumeMounts: [
          { name: 'cfg', mountPath: '/etc/app', readOnly: true },
          { name: 'cfg', mountPath: '/etc/app.conf', subPath: 'app.conf' },
        ],
      },
    ],
    volumes: [{ name: 'cfg', configMap: { name: 'app' } }],
  },
};
const history = (...steps: [number, Record<string, string> | undefined][]): ObjectHistory =>
  steps.reduce<ObjectHistory>(
    (h, [t, data]) =>
      appendObjectVersion(h, {
        kind: 'configmap',
        namespace: 'default',
        name: 'app',
        appliedAt: t,
        object: data && cm(data),
      }),
    [],
  );
const file = (r: ReturnType<typeof containerMounts>, path: string) => {
  for (const m of r.mounts) {
    const f = m.files.get(path);
    if (f) return td.decode(f.bytes);
  }
  return undefined;
};

describe('containerMounts: update propagation (model: seen delayMs after apply, at once before first sync)', () => {
  const h = history([0, { 'app.conf': 'v1', extra: 'e' }], [20_000, { 'app.conf': 'v2' }]);
  const base = { history: h, firstSyncAt: 10_000, containerStartedAt: 12_000 };

  it('RequiresRemount: the volume shows v1 until 60 s after the update, then v2 swapped in whole', () => {
    const before = containerMounts(pod, 'app', { ...base, now: 79_999 });
    expect(file(before, '/etc/app/app.conf')).toBe('v1');
    expect(file(before, '/etc/app/extra')).toBe('e');
    const after = containerMounts(pod, 'app', { ...base, now: 80_000 });
    expect(file(after, '/etc/app/app.conf')).toBe('v2');
    expect(file(after, '/etc/app/extra')).toBeUndefined();
    const listing = after.mounts[0]?.listing ?? [];
    const data = listing.find((e) => e.path === '..data');
    expect(data?.type === 'symlink' && data.target).toMatch(/^\.\.1970_01_01_00_01_20\.\d+$/);
    expect(listing.some((e) => e.path === 'extra')).toBe(false);
  });

  it('PrepareSafeSubpath: a subPath mount keeps the content it had when the container started', () => {
    const r = containerMounts(pod, 'app', { ...base, now: 500_000 });
    expect(file(r, '/etc/app.conf')).toBe('v1');
    expect(r.mounts[1]?.listing).toBeUndefined();
    const restarted = containerMounts(pod, 'app', { ...base, containerStartedAt: 400_000, now: 500_000 });
    expect(file(restarted, '/etc/app.conf')).toBe('v2');
  });

  it('the propagation delay is clamped to at most 2 minutes', () => {
    const r = containerMounts(pod, 'app', { ...base, propagationDelayMs: 10 * 60_000, now: 140_000 });
    expect(file(r, '/etc/app/app.conf')).toBe('v2');
  });

  it('readOnly is reported as the spec says', () => {
    const r = containerMounts(pod, 'app', { ...base, now: 0 + 20_000 });
    expect(r.mounts.map((m) => [m.mountPath, m.readOnly])).toEqual([
      ['/etc/app', true],
      ['/etc/app.conf', false],
    ]);
  });
});

describe('containerMounts: failures', () => {
  it('FailedMount: a missing non-optional ConfigMap, until it appears and propagates', () => {
    const h = history([30_000, { 'app.conf': 'late' }]);
    const early = containerMounts(pod, 'app', { history: h, firstSyncAt: 10_000, now: 50_000 });
    expect(early.failures).toEqual([
      { volume: 'cfg', message: 'MountVolume.SetUp failed for volume "cfg" : configmap "app" not found' },
    ]);
    expect(early.mounts).toEqual([]);
    const later = containerMounts(pod, 'app', { history: h, firstSyncAt: 10_000, now: 90_000 });
    expect(later.failures).toEqual([]);
    expect(file(later, '/etc/app/app.conf')).toBe('late');
  });

  it('SetUp: deleting a mounted ConfigMap keeps the old files and reports the remount error', () => {
    const h = history([0, { 'app.conf': 'v1' }], [20_000, undefined]);
    const r = containerMounts(pod, 'app', { history: h, firstSyncAt: 10_000, now: 100_000 });
    expect(file(r, '/etc/app/app.conf')).toBe('v1');
    expect(r.mounts[0]?.remountError).toBe(
      'MountVolume.SetUp failed for volume "cfg" : configmap "app" not found',
    );
  });

  it('Write: a kubelet-invalid item path fails at mount time', () => {
    const bad: Pod = {
      ...pod,
      spec: {
        ...pod.spec,
        volumes: [
          { name: 'cfg', configMap: { name: 'app', items: [{ key: 'app.conf', path: 'x'.repeat(256) }] } },
        ],
      },
    };
    const r = containerMounts(bad, 'app', {
      history: history([0, { 'app.conf': 'v1' }]),
      firstSyncAt: 0,
      now: 1,
    });
    expect(r.failures[0]?.message).toBe(
      'MountVolume.SetUp failed for volume "cfg" : invalid path: filenames must be less than or equal to 255 characters',
    );
  });

  it('makeMounts: a mount naming no volume', () => {
    const odd: Pod = { ...pod, spec: { ...pod.spec, volumes: [] } };
    expect(containerMounts(odd, 'app', { history: [], firstSyncAt: 0, now: 0 }).failures[0]?.message).toBe(
      'cannot find volume "cfg" to mount into container "app"',
    );
  });
});

describe('containerMounts: service account token and /etc/hosts', () => {
  const admitted = admitServiceAccount({
    ...pod,
    spec: { ...pod.spec, volumes: [], containers: [{ name: 'app', image: 'i' }] },
  });
  const sa = '/var/run/secrets/kubernetes.io/serviceaccount';

  it('token_manager: the token file is replaced after 80 % of 3607 s', () => {
    const at = (now: number) => containerMounts(admitted, 'app', { history: [], firstSyncAt: 0, now });
    const t1 = decodeTokenClaims(file(at(2_886_000), `${sa}/token`) ?? '');
    const t2 = decodeTokenClaims(file(at(2_886_001), `${sa}/token`) ?? '');
    expect(t1.iat).toBe(0);
    expect(t2.iat).toBe(2886);
    expect(file(at(0), `${sa}/namespace`)).toBe('default');
    expect(file(at(0), `${sa}/ca.crt`)).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('makeMounts: the managed /etc/hosts is mounted once the Pod has an IP', () => {
    const none = containerMounts(admitted, 'app', { history: [], firstSyncAt: 0, now: 0 });
    expect(none.mounts.some((m) => m.mountPath === '/etc/hosts')).toBe(false);
    const r = containerMounts(admitted, 'app', { history: [], firstSyncAt: 0, now: 0, podIPs: ['10.1.2.3'] });
    expect(file(r, '/etc/hosts')?.endsWith('10.1.2.3\tweb\n')).toBe(true);
  });
});
