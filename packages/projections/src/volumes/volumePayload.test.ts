import { admitServiceAccount, type Pod, type Volume } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { makeConfigMapPayload, makeSecretPayload, type PayloadResult } from './makePayload.js';
import {
  type ConfigMapObject,
  fakeClusterCAPem,
  type SecretObject,
  staticObjectView,
  withClusterObjects,
} from './ObjectView.js';
import { decodeTokenClaims } from './token/serviceAccountToken.js';
import { volumePayload } from './volumePayload.js';

const enc = new TextEncoder();
const td = new TextDecoder();
const secretObj = (o: Record<string, string>): SecretObject => ({
  data: Object.fromEntries(Object.entries(o).map(([k, v]) => [k, enc.encode(v)])),
});
const cmObj = (data: Record<string, string>, bin: Record<string, string> = {}): ConfigMapObject => ({
  data,
  binaryData: Object.fromEntries(Object.entries(bin).map(([k, v]) => [k, enc.encode(v)])),
});
/** path → [content, octal mode] for compact expectations. */
const show = (r: PayloadResult) =>
  'error' in r
    ? r
    : Object.fromEntries([...r.files].map(([k, f]) => [k, [td.decode(f.bytes), f.mode.toString(8)]]));

// TestMakePayload (pkg/volume/secret/secret_test.go)
describe('secret.MakePayload', () => {
  const s = secretObj({ foo: 'foo', bar: 'bar' });
  it.each([
    ['no overrides', undefined, false, { foo: ['foo', '644'], bar: ['bar', '644'] }],
    ['basic 1', [{ key: 'foo', path: 'path/to/foo.txt' }], false, { 'path/to/foo.txt': ['foo', '644'] }],
    [
      'subdirs 3',
      [
        { key: 'foo', path: 'path/to/1/2/3/foo.txt' },
        { key: 'bar', path: 'another/path/to/the/esteemed/bar.bin' },
      ],
      false,
      { 'path/to/1/2/3/foo.txt': ['foo', '644'], 'another/path/to/the/esteemed/bar.bin': ['bar', '644'] },
    ],
    [
      'non existent key',
      [{ key: 'zab', path: 'path/to/foo.txt' }],
      false,
      { error: 'references non-existent secret key: zab' },
    ],
    [
      'mapping with Mode',
      [
        { key: 'foo', path: 'foo.txt', mode: 0o400 },
        { key: 'bar', path: 'bar.bin', mode: 0o515 },
      ],
      false,
      { 'foo.txt': ['foo', '400'], 'bar.bin': ['bar', '515'] },
    ],
    ['optional non existent key', [{ key: 'zab', path: 'path/to/foo.txt' }], true, {}],
  ])('MakePayload: %s', (_n, items, optional, want) => {
    expect(show(makeSecretPayload(items, s, 0o644, optional, 'secret/ns/s@1'))).toEqual(want);
  });
  it('MakePayload: no defaultMode is an error', () => {
    expect(makeSecretPayload(undefined, s, undefined, false, '')).toEqual({
      error: 'no defaultMode used, not even the default value for it',
    });
  });
});

// TestMakePayload (pkg/volume/configmap/configmap_test.go)
describe('configmap.MakePayload', () => {
  it.each([
    [
      'no overrides',
      cmObj({ foo: 'foo', bar: 'bar' }),
      undefined,
      { foo: ['foo', '644'], bar: ['bar', '644'] },
    ],
    ['no overrides binary only', cmObj({}, { bar: 'bar' }), undefined, { bar: ['bar', '644'] }],
    [
      'no overrides mixed',
      cmObj({ foo: 'foo' }, { bar: 'bar' }),
      undefined,
      { foo: ['foo', '644'], bar: ['bar', '644'] },
    ],
    [
      'basic 1 with binary',
      cmObj({ foo: 'foo' }, { bar: 'bar' }),
      [{ key: 'bar', path: 'path/to/bar.txt' }],
      { 'path/to/bar.txt': ['bar', '644'] },
    ],
    [
      'non existent key',
      cmObj({ foo: 'foo' }),
      [{ key: 'zab', path: 'path/to/foo.txt' }],
      { error: 'configmap references non-existent config key: zab' },
    ],
  ])('MakePayload: %s', (_n, cm, items, want) => {
    expect(show(makeConfigMapPayload(items, cm, 0o644, false, 'configmap/ns/c@1'))).toEqual(want);
  });
});

const pod = (volumes: Volume[], extra: Partial<Pod['spec']> = {}): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'shop',
    uid: 'u-1',
    labels: { app: 'web', tier: 'front' },
    annotations: { note: 'a "b"\nc' },
  },
  spec: {
    containers: [{ name: 'app', image: 'i', resources: { requests: { cpu: '250m', memory: '64Mi' } } }],
    volumes,
    ...extra,
  },
});
const objects = withClusterObjects(
  staticObjectView({
    secrets: { 'shop/s1': secretObj({ user: 'admin', pass: 's3cr3t!' }) },
    configMaps: { 'shop/c1': cmObj({ 'app.conf': 'x=1' }, { 'logo.png': '\x89PNG' }) },
  }),
);
const ctx = { objects, now: 1_000_000 };

describe('volumePayload (SetUpAt)', () => {
  it('SetUpAt: a missing non-optional Secret fails with the manager NotFound message', () => {
    const p = pod([{ name: 'v', secret: { secretName: 'nope' } }]);
    expect(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx)).toEqual({
      error: 'secret "nope" not found',
    });
    const q = pod([{ name: 'v', configMap: { name: 'nope' } }]);
    expect(volumePayload(q, q.spec.volumes?.[0] as Volume, ctx)).toEqual({
      error: 'configmap "nope" not found',
    });
  });
  it('TestPluginOptional: a missing optional Secret mounts empty', () => {
    const p = pod([{ name: 'v', secret: { secretName: 'nope', optional: true } }]);
    expect(show(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx))).toEqual({});
  });
  it('TestPluginKeysOptional: an optional object lacking a listed key just omits that file', () => {
    const p = pod([
      {
        name: 'v',
        secret: {
          secretName: 's1',
          optional: true,
          items: [
            { key: 'missing', path: 'm' },
            { key: 'user', path: 'u' },
          ],
        },
      },
    ]);
    expect(show(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx))).toEqual({ u: ['admin', '644'] });
  });
  it('SetUpAt: Secret files are marked sensitive, ConfigMap files carry their revision', () => {
    const p = pod([{ name: 'v', secret: { secretName: 's1' } }]);
    const r = volumePayload(p, p.spec.volumes?.[0] as Volume, ctx);
    expect('files' in r && [...r.files.values()].every((f) => f.sensitive)).toBe(true);
  });
  it('SetVolumeOwnership: fsGroup adds 0440 (0400 → 0440, 0600 → 0640, 0644 stays)', () => {
    const p = pod(
      [
        {
          name: 'v',
          secret: {
            secretName: 's1',
            items: [
              { key: 'user', path: 'a', mode: 0o400 },
              { key: 'pass', path: 'b', mode: 0o600 },
              { key: 'user', path: 'c' },
            ],
          },
        },
      ],
      { securityContext: { fsGroup: 2000 } },
    );
    expect(show(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx))).toEqual({
      a: ['admin', '440'],
      b: ['s3cr3t!', '640'],
      c: ['admin', '644'],
    });
  });
  it('downwardapi.CollectData: labels/annotations in FormatMap, subscripts, resources, Clean paths', () => {
    const p = pod([
      {
        name: 'd',
        downwardAPI: {
          items: [
            { path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } },
            { path: './ann', fieldRef: { fieldPath: 'metadata.annotations' } },
            { path: 'tier', fieldRef: { fieldPath: "metadata.labels['tier']" } },
            { path: 'none', fieldRef: { fieldPath: "metadata.labels['absent']" } },
            {
              path: 'cpu',
              resourceFieldRef: { containerName: 'app', resource: 'requests.cpu', divisor: '1m' },
            },
            {
              path: 'mem',
              resourceFieldRef: { containerName: 'app', resource: 'limits.memory', divisor: '1Mi' },
              mode: 0o400,
            },
          ],
        },
      },
    ]);
    expect(show(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx))).toEqual({
      labels: ['app="web"\ntier="front"', '644'],
      ann: ['note="a \\"b\\"\\nc"', '644'],
      tier: ['front', '644'],
      none: ['', '644'],
      cpu: ['250', '644'],
      mem: ['16384', '400'],
    });
  });
  it('projected collectData: sources in order, the later source wins a path clash', () => {
    const p = pod([
      {
        name: 'p',
        projected: {
          sources: [
            { secret: { name: 's1', items: [{ key: 'user', path: 'same' }] } },
            { configMap: { name: 'c1', items: [{ key: 'app.conf', path: 'same' }] } },
          ],
        },
      },
    ]);
    expect(show(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx))).toEqual({ same: ['x=1', '644'] });
  });
  it('projected collectData: every non-optional failure is aggregated; nothing mounts', () => {
    const p = pod([
      {
        name: 'p',
        projected: {
          sources: [
            { secret: { name: 'gone' } },
            { configMap: { name: 'c1', items: [{ key: 'zzz', path: 'z' }] } },
            { configMap: { name: 'maybe', optional: true } },
          ],
        },
      },
    ]);
    expect(volumePayload(p, p.spec.volumes?.[0] as Volume, ctx)).toEqual({
      error: '[secret "gone" not found, configmap references non-existent config key: zzz]',
    });
  });
  it('kube-api-access: token, cluster-provided ca.crt and namespace with defaultMode 0644', () => {
    const p = admitServiceAccount(pod([]));
    const r = volumePayload(p, p.spec.volumes?.[0] as Volume, { ...ctx, nodeName: 'node-1' });
    if ('error' in r) throw new Error(r.error);
    expect([...r.files.keys()].sort()).toEqual(['ca.crt', 'namespace', 'token']);
    expect(td.decode(r.files.get('ca.crt')?.bytes)).toBe(fakeClusterCAPem);
    expect(td.decode(r.files.get('namespace')?.bytes)).toBe('shop');
    expect(r.files.get('token')?.mode).toBe(0o644);
    expect(r.files.get('token')?.sensitive).toBe(true);
    const claims = decodeTokenClaims(td.decode(r.files.get('token')?.bytes));
    expect(claims).toMatchObject({ sub: 'system:serviceaccount:shop:default', exp: 1000 + 3607 });
  });
  it('projected token: 0600 with fsGroup/runAsUser, then 0640 after SetVolumeOwnership with fsGroup', () => {
    const withGroup = admitServiceAccount(pod([], { securityContext: { fsGroup: 1 } }));
    const r1 = volumePayload(withGroup, withGroup.spec.volumes?.[0] as Volume, ctx);
    expect('files' in r1 && r1.files.get('token')?.mode.toString(8)).toBe('640');
    const withUser = admitServiceAccount(pod([], { securityContext: { runAsUser: 1000 } }));
    const r2 = volumePayload(withUser, withUser.spec.volumes?.[0] as Volume, ctx);
    expect('files' in r2 && r2.files.get('token')?.mode.toString(8)).toBe('600');
    expect('files' in r2 && r2.files.get('ca.crt')?.mode.toString(8)).toBe('644');
  });
  it('a user-applied kube-root-ca.crt wins over the cluster-provided one', () => {
    const own = withClusterObjects(
      staticObjectView({ configMaps: { 'shop/kube-root-ca.crt': cmObj({ 'ca.crt': 'MINE' }) } }),
    );
    const p = admitServiceAccount(pod([]));
    const r = volumePayload(p, p.spec.volumes?.[0] as Volume, { objects: own, now: 0 });
    expect('files' in r && td.decode(r.files.get('ca.crt')?.bytes)).toBe('MINE');
  });
});
