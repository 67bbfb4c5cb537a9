// The Secret/ConfigMap references a container's environment and a Pod's volumes need, judged
// against a real engine's cluster (Secrets and ConfigMaps applied as events).
import { createEngine, type Engine, type Pod } from '@podstate/core';
import { ev, toEvents } from '@podstate/core/testing';
import { missingEnvSource, missingVolumeSource } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

function cluster(): Engine {
  const engine = createEngine();
  const steps = [
    ev.secretApplied('db', { password: 'cHc=' }),
    ev.configMapApplied('cfg', { mode: 'fast' }),
    ev.secretApplied('db', { user: 'dQ==' }, 'prod'),
  ];
  for (const e of toEvents(steps)) {
    const r = engine.apply(e);
    if (!r.ok) throw new Error(r.rejection.message);
  }
  // binaryData only (a ConfigMap whose key is in binaryData, not data).
  const r = engine.apply({
    stream: 'configmap/default/bin',
    type: 'configmap.applied',
    time: '2026-01-01T00:00:10.000Z',
    data: { data: {}, binaryData: { blob: 'AAE=' } },
  });
  if (!r.ok) throw new Error(r.rejection.message);
  return engine;
}

const env = cluster().env;
const pod = (spec: Record<string, unknown>, namespace = 'default') =>
  ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', namespace }, spec }) as unknown as Pod;
const container = (c: Record<string, unknown>) => ({ name: 'app', image: 'nginx', ...c });
const envOf = (c: Record<string, unknown>, namespace = 'default') => {
  const ctr = container(c);
  return missingEnvSource(pod({ containers: [ctr] }, namespace), ctr as never, env);
};
const volumesOf = (volumes: unknown[]) =>
  missingVolumeSource(pod({ containers: [container({})], volumes }), env);

describe('makeEnvironmentVariables (pkg/kubelet/kubelet_pods.go): the CreateContainerConfigError message', () => {
  it('envFrom: a missing Secret or ConfigMap is named; an optional one or one that exists is fine', () => {
    expect(envOf({ envFrom: [{ secretRef: { name: 'nope' } }] })).toBe('secret "nope" not found');
    expect(envOf({ envFrom: [{ configMapRef: { name: 'nope' } }] })).toBe('configmap "nope" not found');
    expect(envOf({ envFrom: [{ configMapRef: { name: 'nope', optional: true } }] })).toBeUndefined();
    expect(
      envOf({ envFrom: [{ secretRef: { name: 'db' } }, { configMapRef: { name: 'cfg' } }] }),
    ).toBeUndefined();
    // Every namespace has the kube-root-ca.crt ConfigMap (the root CA publisher).
    expect(envOf({ envFrom: [{ configMapRef: { name: 'kube-root-ca.crt' } }] })).toBeUndefined();
    // An envFrom entry naming no source adds nothing to check.
    expect(envOf({ envFrom: [{ prefix: 'X_' }] })).toBeUndefined();
    expect(envOf({ envFrom: [{ secretRef: { name: 'kube-root-ca.crt' } }] })).toBe(
      'secret "kube-root-ca.crt" not found',
    );
  });

  it('env valueFrom: the object, then the key, in the Pod namespace', () => {
    const ref = (
      kind: 'secretKeyRef' | 'configMapKeyRef',
      name: string,
      key: string,
      optional?: boolean,
    ) => ({
      env: [{ name: 'X', valueFrom: { [kind]: { name, key, ...(optional ? { optional } : {}) } } }],
    });
    expect(envOf(ref('secretKeyRef', 'db', 'password'))).toBeUndefined();
    expect(envOf(ref('secretKeyRef', 'db', 'user'))).toBe("couldn't find key user in Secret default/db");
    expect(envOf(ref('secretKeyRef', 'db', 'user'), 'prod')).toBeUndefined();
    expect(envOf(ref('secretKeyRef', 'db', 'password'), 'prod')).toBe(
      "couldn't find key password in Secret prod/db",
    );
    expect(envOf(ref('secretKeyRef', 'gone', 'k'))).toBe('secret "gone" not found');
    expect(envOf(ref('configMapKeyRef', 'gone', 'k'))).toBe('configmap "gone" not found');
    expect(envOf(ref('configMapKeyRef', 'cfg', 'mode'))).toBeUndefined();
    expect(envOf(ref('configMapKeyRef', 'cfg', 'other'))).toBe(
      "couldn't find key other in ConfigMap default/cfg",
    );
    expect(envOf(ref('configMapKeyRef', 'cfg', 'other', true))).toBeUndefined();
    expect(envOf(ref('configMapKeyRef', 'kube-root-ca.crt', 'ca.crt'))).toBeUndefined();
    expect(envOf(ref('configMapKeyRef', 'kube-root-ca.crt', 'x'))).toBe(
      "couldn't find key x in ConfigMap default/kube-root-ca.crt",
    );
    expect(envOf({ env: [{ name: 'PLAIN', value: 'v' }] })).toBeUndefined();
  });
});

describe('secret/configMap/projected SetUpAt: the FailedMount message of the first volume that cannot be set up', () => {
  it('items name keys that must exist (data or binaryData), unless the source is optional', () => {
    expect(volumesOf([{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'nope', path: 'p' }] } }])).toBe(
      'MountVolume.SetUp failed for volume "v" : configmap references non-existent config key: nope',
    );
    expect(
      volumesOf([{ name: 's', secret: { secretName: 'db', items: [{ key: 'user', path: 'p' }] } }]),
    ).toBe('MountVolume.SetUp failed for volume "s" : references non-existent secret key: user');
    expect(
      volumesOf([
        { name: 'v', configMap: { name: 'cfg', optional: true, items: [{ key: 'nope', path: 'p' }] } },
      ]),
    ).toBeUndefined();
    expect(
      volumesOf([{ name: 'b', configMap: { name: 'bin', items: [{ key: 'blob', path: 'p' }] } }]),
    ).toBeUndefined();
    expect(
      volumesOf([{ name: 'v', configMap: { name: 'cfg', items: [{ key: 'mode', path: 'p' }] } }]),
    ).toBeUndefined();
  });

  it("volumes read the Pod's own namespace", () => {
    const volumes = [{ name: 's', secret: { secretName: 'db', items: [{ key: 'user', path: 'u' }] } }];
    const inNs = (namespace: string) =>
      missingVolumeSource(pod({ containers: [container({})], volumes }, namespace), env);
    expect(inNs('prod')).toBeUndefined();
    expect(inNs('default')).toBe(
      'MountVolume.SetUp failed for volume "s" : references non-existent secret key: user',
    );
    expect(inNs('staging')).toBe('MountVolume.SetUp failed for volume "s" : secret "db" not found');
  });

  it('projected sources: each Secret/ConfigMap must exist; kube-root-ca.crt holds ca.crt only', () => {
    const projected = (sources: unknown[]) => [{ name: 'proj', projected: { sources } }];
    expect(volumesOf(projected([{ secret: { name: 'db' } }, { configMap: { name: 'gone' } }]))).toBe(
      'MountVolume.SetUp failed for volume "proj" : configmap "gone" not found',
    );
    expect(volumesOf(projected([{ secret: { name: 'gone' } }]))).toBe(
      'MountVolume.SetUp failed for volume "proj" : secret "gone" not found',
    );
    expect(volumesOf(projected([{ secret: { name: 'gone', optional: true } }]))).toBeUndefined();
    expect(
      volumesOf(
        projected([{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]),
      ),
    ).toBeUndefined();
    expect(
      volumesOf(projected([{ configMap: { name: 'kube-root-ca.crt', items: [{ key: 'x', path: 'x' }] } }])),
    ).toBe('MountVolume.SetUp failed for volume "proj" : configmap references non-existent config key: x');
    expect(volumesOf([{ name: 'e', emptyDir: {} }])).toBeUndefined();
  });
});
