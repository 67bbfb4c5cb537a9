import type { Container, Pod } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { staticObjectView } from '../ObjectView.js';
import { appendObjectVersion } from '../objectHistory.js';
import { resolveEnv, resolveEnvAt } from './resolveEnv.js';

const enc = new TextEncoder();
const objects = staticObjectView({
  secrets: { 'test1/s1': { data: { PASSWORD: enc.encode('p@ss'), '1bad': enc.encode('x') } } },
  configMaps: {
    'test1/cm1': {
      data: { REPLACE_ME: 'FROM_CONFIG_MAP', DUPE_TEST: 'CONFIG_MAP' },
      binaryData: { BIN: enc.encode('b') },
    },
  },
});
const pod = (c: Partial<Container>): [Pod, Container] => {
  const container: Container = { name: 'app', image: 'i', ...c };
  return [
    {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'dapi-test-pod-name', namespace: 'test1', uid: 'uid-9', labels: { a: 'b' } },
      spec: { containers: [container], nodeName: 'node-name', serviceAccountName: 'special' },
    },
    container,
  ];
};
const ctx = { objects, podIPs: ['1.2.3.4', 'fd00::6'], hostIPs: ['5.6.7.8'] };

// After TestMakeEnvironmentVariables (pkg/kubelet/kubelet_pods_test.go)
describe('Kubelet.makeEnvironmentVariables', () => {
  it('makeEnvironmentVariables: downward API env fields', () => {
    const f = (name: string, fieldPath: string) => ({
      name,
      valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath } },
    });
    const [p, c] = pod({
      env: [
        f('POD_NAME', 'metadata.name'),
        f('POD_NAMESPACE', 'metadata.namespace'),
        f('POD_NODE_NAME', 'spec.nodeName'),
        f('POD_SERVICE_ACCOUNT_NAME', 'spec.serviceAccountName'),
        f('POD_IP', 'status.podIP'),
        f('POD_IPS', 'status.podIPs'),
        f('HOST_IP', 'status.hostIP'),
        f('POD_UID', 'metadata.uid'),
        f('LABEL_A', "metadata.labels['a']"),
      ],
    });
    expect(resolveEnv(p, c, ctx)).toMatchObject({
      env: [
        ['POD_NAME', 'dapi-test-pod-name'],
        ['POD_NAMESPACE', 'test1'],
        ['POD_NODE_NAME', 'node-name'],
        ['POD_SERVICE_ACCOUNT_NAME', 'special'],
        ['POD_IP', '1.2.3.4'],
        ['POD_IPS', '1.2.3.4,fd00::6'],
        ['HOST_IP', '5.6.7.8'],
        ['POD_UID', 'uid-9'],
        ['LABEL_A', 'b'],
      ],
    });
  });

  it('makeEnvironmentVariables: configmap envFrom with prefix, env overrides, $(VAR) expansion, binaryData ignored', () => {
    const [p, c] = pod({
      envFrom: [{ configMapRef: { name: 'cm1' } }, { prefix: 'p_', configMapRef: { name: 'cm1' } }],
      env: [
        { name: 'TEST_LITERAL', value: 'test-test-test' },
        { name: 'EXPANSION_TEST', value: '$(REPLACE_ME)' },
        { name: 'DUPE_TEST', value: 'ENV_VAR' },
        { name: 'ESCAPED', value: '$$(REPLACE_ME)' },
        { name: 'EMPTY', value: '' },
      ],
    });
    expect(resolveEnv(p, c, ctx)).toMatchObject({
      env: [
        ['DUPE_TEST', 'ENV_VAR'],
        ['REPLACE_ME', 'FROM_CONFIG_MAP'],
        ['p_DUPE_TEST', 'CONFIG_MAP'],
        ['p_REPLACE_ME', 'FROM_CONFIG_MAP'],
        ['TEST_LITERAL', 'test-test-test'],
        ['EXPANSION_TEST', 'FROM_CONFIG_MAP'],
        ['ESCAPED', '$(REPLACE_ME)'],
        ['EMPTY', ''],
      ],
    });
  });

  it('makeEnvironmentVariables: secret envFrom copies keys as they are (even invalid names) and marks them sensitive', () => {
    const [p, c] = pod({ envFrom: [{ secretRef: { name: 's1' } }] });
    const r = resolveEnv(p, c, ctx);
    expect(r).toMatchObject({
      env: [
        ['1bad', 'x'],
        ['PASSWORD', 'p@ss'],
      ],
    });
    expect('sensitive' in r && [...r.sensitive].sort()).toEqual(['1bad', 'PASSWORD']);
  });

  it.each([
    [{ envFrom: [{ configMapRef: { name: 'missing' } }] }, 'configmap "missing" not found'],
    [{ envFrom: [{ secretRef: { name: 'missing' } }] }, 'secret "missing" not found'],
    [
      { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'k' } } }] },
      "couldn't find key k in ConfigMap test1/cm1",
    ],
    [
      { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's1', key: 'k' } } }] },
      "couldn't find key k in Secret test1/s1",
    ],
    [
      { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 'nope', key: 'k' } } }] },
      'secret "nope" not found',
    ],
    [
      { env: [{ name: 'X', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'BIN' } } }] },
      "couldn't find key BIN in ConfigMap test1/cm1",
    ],
  ])('makeEnvironmentVariables: %j → CreateContainerConfigError', (c, message) => {
    const [p, cont] = pod(c as Partial<Container>);
    expect(resolveEnv(p, cont, ctx)).toEqual({ reason: 'CreateContainerConfigError', message });
  });

  it('makeEnvironmentVariables: optional missing object or key leaves the variable unset (an envFrom value survives)', () => {
    const [p, c] = pod({
      envFrom: [{ configMapRef: { name: 'missing', optional: true } }, { configMapRef: { name: 'cm1' } }],
      env: [
        { name: 'REPLACE_ME', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'nokey', optional: true } } },
        { name: 'Y', valueFrom: { secretKeyRef: { name: 'gone', key: 'k', optional: true } } },
      ],
    });
    expect(resolveEnv(p, c, ctx)).toMatchObject({
      env: [
        ['DUPE_TEST', 'CONFIG_MAP'],
        ['REPLACE_ME', 'FROM_CONFIG_MAP'],
      ],
    });
  });

  it('makeEnvironmentVariables: resourceFieldRef with divisor; unset limit from node allocatable', () => {
    const [p, c] = pod({
      resources: { requests: { cpu: '1200m' } },
      env: [
        { name: 'CPU_REQ', valueFrom: { resourceFieldRef: { resource: 'requests.cpu' } } },
        { name: 'CPU_REQ_M', valueFrom: { resourceFieldRef: { resource: 'requests.cpu', divisor: '1m' } } },
        { name: 'MEM_LIM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Gi' } } },
      ],
    });
    expect(resolveEnv(p, c, { ...ctx, nodeAllocatable: { cpu: '2', memory: '3Gi' } })).toMatchObject({
      env: [
        ['CPU_REQ', '2'],
        ['CPU_REQ_M', '1200'],
        ['MEM_LIM', '3'],
      ],
    });
  });

  it('makeEnvironmentVariables: service env is appended for names not already set', () => {
    const [p, c] = pod({
      env: [
        { name: 'KUBERNETES_SERVICE_HOST', value: 'mine' },
        { name: 'URL', value: 'https://$(KUBERNETES_SERVICE_HOST):$(KUBERNETES_SERVICE_PORT)' },
      ],
    });
    const serviceEnv = [
      ['KUBERNETES_SERVICE_HOST', '10.0.0.1'],
      ['KUBERNETES_SERVICE_PORT', '443'],
    ] as const;
    expect(resolveEnv(p, c, { ...ctx, serviceEnv })).toMatchObject({
      env: [
        ['KUBERNETES_SERVICE_HOST', 'mine'],
        ['URL', 'https://mine:443'],
        ['KUBERNETES_SERVICE_PORT', '443'],
      ],
    });
  });
});

describe('GenerateRunContainerOptions: env is resolved once per container start', () => {
  const h = appendObjectVersion(
    appendObjectVersion([], {
      kind: 'configmap',
      namespace: 'test1',
      name: 'cm1',
      appliedAt: 0,
      object: { data: { V: 'one' }, binaryData: {} },
    }),
    {
      kind: 'configmap',
      namespace: 'test1',
      name: 'cm1',
      appliedAt: 100_000,
      object: { data: { V: 'two' }, binaryData: {} },
    },
  );
  const [p, c] = pod({ env: [{ name: 'V', valueFrom: { configMapKeyRef: { name: 'cm1', key: 'V' } } }] });
  it('makeEnvironmentVariables: a later update does not reach a running container; a restart sees it', () => {
    expect(resolveEnvAt(p, c, { history: h, firstSyncAt: 0, containerStartedAt: 50_000 })).toMatchObject({
      env: [['V', 'one']],
    });
    expect(resolveEnvAt(p, c, { history: h, firstSyncAt: 0, containerStartedAt: 170_000 })).toMatchObject({
      env: [['V', 'two']],
    });
  });
  it('makeEnvironmentVariables reads the watch-based manager (objectCache.Get): a Secret that appears after a failed start is read by the start that succeeds', () => {
    const secretRef = pod({
      env: [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
    });
    const appears = appendObjectVersion([], {
      kind: 'secret',
      namespace: 'test1',
      name: 'db',
      appliedAt: 5_000,
      object: { data: { password: new TextEncoder().encode('s3cret') } },
    });
    // The start attempt before the Secret exists fails (CreateContainerConfigError) …
    expect(
      resolveEnvAt(secretRef[0], secretRef[1], {
        history: appears,
        firstSyncAt: 0,
        containerStartedAt: 4_000,
      }),
    ).toEqual({ reason: 'CreateContainerConfigError', message: 'secret "db" not found' });
    // … the one a second after it appeared gets the value (no sync-period lag, unlike mounted volumes).
    expect(
      resolveEnvAt(secretRef[0], secretRef[1], {
        history: appears,
        firstSyncAt: 0,
        containerStartedAt: 6_000,
      }),
    ).toMatchObject({ env: [['DB_PASSWORD', 's3cret']] });
  });
});
