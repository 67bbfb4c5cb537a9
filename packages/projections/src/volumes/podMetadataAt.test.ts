import type { Pod, PodMetadataRevision } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { containerMounts } from './containerMounts.js';
import { podMetadataAt } from './podMetadataAt.js';

const td = new TextDecoder();
// The Pod as the engine holds it after the last revision: labels track=canary.
const pod: Pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'default', uid: 'u1', labels: { app: 'web', track: 'canary' } },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx',
        volumeMounts: [
          { name: 'info', mountPath: '/etc/podinfo' },
          { name: 'info', mountPath: '/etc/track', subPath: 'track' },
        ],
      },
    ],
    volumes: [
      {
        name: 'info',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: 'track', fieldRef: { fieldPath: "metadata.labels['track']" } },
          ],
        },
      },
    ],
  },
};
const revisions: PodMetadataRevision[] = [
  { since: 0, labels: { app: 'web', track: 'stable' } },
  { since: 30_000, labels: { app: 'web', track: 'canary' } },
];
const ctx = { history: [], firstSyncAt: 1_000, containerStartedAt: 2_000, metadataRevisions: revisions };
const files = (now: number, extra: object = {}) => {
  const r = containerMounts(pod, 'app', { ...ctx, ...extra, now });
  return Object.fromEntries(r.mounts.flatMap((m) => [...m.files].map(([p, f]) => [p, td.decode(f.bytes)])));
};

describe('downward API volumes follow label changes (desired_state_of_world_populator.go processPodVolumes: MarkRemountRequired on the Pod update)', () => {
  it('before the change the files show the old labels; from its instant on the new ones (FormatMap: sorted key="value")', () => {
    expect(files(29_999)['/etc/podinfo/labels']).toBe('app="web"\ntrack="stable"');
    expect(files(30_000)['/etc/podinfo/labels']).toBe('app="web"\ntrack="canary"');
    expect(files(30_000)['/etc/podinfo/track']).toBe('canary');
  });

  it('the change is an atomic-writer swap: a new ..data generation written at the change', () => {
    const r = containerMounts(pod, 'app', { ...ctx, now: 40_000 });
    const data = r.mounts[0]?.listing?.find((e) => e.path === '..data');
    expect(data?.type === 'symlink' && data.target).toMatch(/^\.\.1970_01_01_00_00_30\.\d+$/);
  });

  it('PrepareSafeSubpath: a subPath mount keeps the value it had when the container started', () => {
    expect(files(40_000)['/etc/track']).toBe('stable');
    expect(files(40_000, { containerStartedAt: 35_000 })['/etc/track']).toBe('canary');
  });

  it('a change before the first sync is simply what the first SetUp sees', () => {
    expect(files(40_000, { firstSyncAt: 31_000 })['/etc/podinfo/labels']).toBe('app="web"\ntrack="canary"');
  });

  it('podMetadataAt: the revision at or before t; the Pod as it is without revisions', () => {
    expect(podMetadataAt(pod, revisions, 29_999).metadata.labels).toEqual({ app: 'web', track: 'stable' });
    expect(podMetadataAt(pod, revisions, 30_000).metadata.labels).toEqual({ app: 'web', track: 'canary' });
    expect(podMetadataAt(pod, undefined, 0)).toBe(pod);
  });
});
