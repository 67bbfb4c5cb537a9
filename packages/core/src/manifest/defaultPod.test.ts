import { describe, expect, test } from 'vitest';
import { defaultPod } from './defaultPod.js';
import type { Pod } from './types.js';

const bare = (): Pod => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: {
    initContainers: [{ name: 'init', image: 'busybox:1.36' }],
    containers: [
      {
        name: 'app',
        image: 'nginx',
        ports: [{ containerPort: 80 }],
        resources: { limits: { cpu: '500m', memory: '128Mi' }, requests: { cpu: '100m' } },
        livenessProbe: { httpGet: { port: 80 } },
        readinessProbe: { exec: { command: ['true'] }, periodSeconds: 5 },
        env: [{ name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
      },
    ],
    volumes: [
      { name: 's', secret: { secretName: 's' } },
      { name: 'c', configMap: { name: 'c', defaultMode: 0o400 } },
      { name: 'd', downwardAPI: { items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name' } }] } },
      { name: 'p', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
      { name: 'scratch' },
    ],
  },
});

describe('defaultPod applies pkg/apis/core/v1/defaults.go', () => {
  const d = defaultPod(bare());
  const app = d.spec.containers[0];
  test('SetDefaults_PodSpec: restartPolicy, dnsPolicy, grace period, scheduler, securityContext', () => {
    expect(d.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      terminationGracePeriodSeconds: 30,
      schedulerName: 'default-scheduler',
      securityContext: {},
      enableServiceLinks: true,
    });
    expect(d.metadata.namespace).toBe('default');
  });
  test('SetDefaults_Container: pull policy by tag, termination message path and policy', () => {
    expect(app).toMatchObject({
      imagePullPolicy: 'Always',
      terminationMessagePath: '/dev/termination-log',
      terminationMessagePolicy: 'File',
    });
    expect(d.spec.initContainers?.[0]?.imagePullPolicy).toBe('IfNotPresent');
  });
  test('SetDefaults_Probe and SetDefaults_HTTPGetAction; zero values count as unset', () => {
    expect(app?.livenessProbe).toEqual({
      httpGet: { port: 80, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(app?.readinessProbe?.periodSeconds).toBe(5);
    const zero = bare();
    zero.spec.containers[0]!.readinessProbe!.periodSeconds = 0;
    expect(defaultPod(zero).spec.containers[0]?.readinessProbe?.periodSeconds).toBe(10);
  });
  test('SetDefaults_Pod: requests default to limits only where unset; ports default to TCP', () => {
    expect(app?.resources?.requests).toEqual({ cpu: '100m', memory: '128Mi' });
    expect(app?.ports?.[0]).toEqual({ containerPort: 80, protocol: 'TCP' });
  });
  test('SetDefaults_Pod: hostNetwork defaults hostPort to containerPort', () => {
    const p = bare();
    p.spec.hostNetwork = true;
    expect(defaultPod(p).spec.containers[0]?.ports?.[0]?.hostPort).toBe(80);
  });
  test('volume defaults: defaultMode 0644 (420) unless set, emptyDir for a bare volume, token expiry 3600', () => {
    const [s, c, dw, p, scratch] = d.spec.volumes ?? [];
    expect(s?.secret?.defaultMode).toBe(420);
    expect(c?.configMap?.defaultMode).toBe(0o400);
    expect(dw?.downwardAPI).toEqual({
      defaultMode: 420,
      items: [{ path: 'n', fieldRef: { fieldPath: 'metadata.name', apiVersion: 'v1' } }],
    });
    expect(p?.projected).toEqual({
      defaultMode: 420,
      sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 3600 } }],
    });
    expect(scratch).toEqual({ name: 'scratch', emptyDir: {} });
  });
  test('SetDefaults_ObjectFieldSelector: fieldRef apiVersion v1', () => {
    expect(app?.env?.[0]?.valueFrom?.fieldRef?.apiVersion).toBe('v1');
  });
  test('defaultPod is pure and idempotent; explicit values are kept', () => {
    const input = bare();
    input.spec.restartPolicy = 'Never';
    input.spec.containers[0]!.imagePullPolicy = 'Never';
    const snapshot = structuredClone(input);
    const once = defaultPod(input);
    expect(input).toEqual(snapshot);
    expect(defaultPod(once)).toEqual(once);
    expect(once.spec.restartPolicy).toBe('Never');
    expect(once.spec.containers[0]?.imagePullPolicy).toBe('Never');
  });
  test('a negative terminationGracePeriodSeconds is stored as is (the API server warns, not defaults)', () => {
    const p = bare();
    p.spec.terminationGracePeriodSeconds = -1;
    expect(defaultPod(p).spec.terminationGracePeriodSeconds).toBe(-1);
  });
});
