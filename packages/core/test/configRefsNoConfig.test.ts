// missingVolumeSource answers a Pod whose volumes need no stored Secret or ConfigMap (every Pod with
// just the service-account volume) without a lookup while the cluster stores none: these check that
// shortcut gives the full check's answer, with nothing stored and once something is.
import { createEngine, type Engine, type Pod } from '@podstate/core';
import { ev, toEvents } from '@podstate/core/testing';
import { missingVolumeSource } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

function applied(engine: Engine, steps: Parameters<typeof toEvents>[0]): Engine {
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(r.rejection.message);
  }
  return engine;
}

const pod = (volumes: unknown[]) =>
  ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'p', namespace: 'default' },
    spec: { containers: [{ name: 'app', image: 'nginx' }], volumes },
  }) as unknown as Pod;

// The service-account token volume ServiceAccount admission adds (admitServiceAccount).
const tokenVolume = {
  name: 'kube-api-access-x',
  projected: {
    sources: [
      { serviceAccountToken: { path: 'token', expirationSeconds: 3607 } },
      { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
    ],
  },
};

describe('secret/configMap/projected SetUpAt with no Secret or ConfigMap stored', () => {
  it('the token volume mounts; a missing object or a key kube-root-ca.crt lacks is named', () => {
    const env = createEngine().env;
    expect(missingVolumeSource(pod([tokenVolume]), env)).toBeUndefined();
    expect(
      missingVolumeSource(pod([{ name: 's', secret: { secretName: 'db', optional: true } }]), env),
    ).toBeUndefined();
    expect(missingVolumeSource(pod([tokenVolume, { name: 's', secret: { secretName: 'db' } }]), env)).toBe(
      'MountVolume.SetUp failed for volume "s" : secret "db" not found',
    );
    expect(
      missingVolumeSource(
        pod([{ name: 'c', configMap: { name: 'kube-root-ca.crt', items: [{ key: 'x', path: 'x' }] } }]),
        env,
      ),
    ).toBe('MountVolume.SetUp failed for volume "c" : configmap references non-existent config key: x');
  });

  it('the same manifest is judged against what is stored now: a kube-root-ca.crt the user applied without ca.crt fails it', () => {
    const manifest = pod([tokenVolume]);
    const engine = createEngine();
    expect(missingVolumeSource(manifest, engine.env)).toBeUndefined();
    applied(engine, [ev.configMapApplied('kube-root-ca.crt', { other: 'x' })]);
    expect(missingVolumeSource(manifest, engine.env)).toBe(
      'MountVolume.SetUp failed for volume "kube-api-access-x" : configmap references non-existent config key: ca.crt',
    );
    // An unrelated Secret stored: the token volume still mounts, and so does an optional Secret's.
    const other = applied(createEngine(), [ev.secretApplied('db', { password: 'cHc=' })]);
    expect(missingVolumeSource(manifest, other.env)).toBeUndefined();
    const optional = pod([
      tokenVolume,
      { name: 's', secret: { secretName: 'db', optional: true, items: [{ key: 'absent', path: 'a' }] } },
    ]);
    expect(missingVolumeSource(optional, other.env)).toBeUndefined();
    expect(missingVolumeSource(optional, createEngine().env)).toBeUndefined();
  });

  it('projected SetUpAt needs every source of a volume: one source resolving (kube-root-ca.crt) does not mount a volume whose other source is a missing Secret', () => {
    const mixed = {
      name: 'mixed',
      projected: {
        sources: [
          { configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } },
          { secret: { name: 'db' } },
        ],
      },
    };
    expect(missingVolumeSource(pod([tokenVolume, mixed]), createEngine().env)).toBe(
      'MountVolume.SetUp failed for volume "mixed" : secret "db" not found',
    );
  });
});
