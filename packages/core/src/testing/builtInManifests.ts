import type { RestartPolicy } from '../manifest/types.js';

/**
 * Pod manifests that together exercise every rule family of lifecycle.md §2–§10: init
 * containers, sidecars with startup probes, probes and thresholds, postStart/preStop hooks,
 * Secret/ConfigMap volumes and env, readiness gates, nodeSelector, every restartPolicy and
 * every imagePullPolicy; an init container needing a Secret and an uncached image, a Pod with
 * `spec.nodeName`, an OnFailure Pod with two apps and a sidecar (and a scheduling gate, a liveness kill at the
 * first failure, hooks on restartable apps), a readiness probe with
 * `failureThreshold: 1` (beside startup and liveness probes), and a sidecar before a regular init container under Never. The
 * generator and the example tests share them.
 */
export const builtInManifests = {
  plain: pod('plain', 'Always', { containers: [{ name: 'app', image: 'nginx:1.25' }] }),
  initChain: pod('init-chain', 'OnFailure', {
    initContainers: [
      { name: 'setup', image: 'busybox:1.36' },
      { name: 'migrate', image: 'busybox:1.36' },
    ],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  }),
  sidecars: pod('sidecars', 'Always', {
    initContainers: [
      { name: 'setup', image: 'busybox:1.36' },
      {
        name: 'proxy',
        image: 'envoy:1.30',
        restartPolicy: 'Always',
        startupProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
      },
      { name: 'logger', image: 'fluent-bit:3.0', restartPolicy: 'Always' },
    ],
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        readinessProbe: { httpGet: { path: '/', port: 80 }, successThreshold: 2, failureThreshold: 2 },
        livenessProbe: { httpGet: { path: '/', port: 80 }, failureThreshold: 2 },
      },
    ],
  }),
  hooks: pod('hooks', 'Never', {
    terminationGracePeriodSeconds: 20,
    containers: [
      {
        name: 'web',
        image: 'nginx:1.25',
        lifecycle: { postStart: { exec: { command: ['warm'] } }, preStop: { exec: { command: ['drain'] } } },
      },
      { name: 'worker', image: 'busybox:1.36' },
    ],
  }),
  secrets: pod('secrets', 'OnFailure', {
    volumes: [
      { name: 'creds', secret: { secretName: 'db-creds' } },
      { name: 'settings', configMap: { name: 'settings', optional: true } },
    ],
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        env: [{ name: 'TOKEN', valueFrom: { configMapKeyRef: { name: 'app-config', key: 'key' } } }],
        volumeMounts: [{ name: 'creds', mountPath: '/creds' }],
      },
    ],
  }),
  job: pod('job', 'Never', {
    initContainers: [
      { name: 'fetch', image: 'busybox:1.36' },
      {
        name: 'mesh',
        image: 'envoy:1.30',
        restartPolicy: 'Always',
        lifecycle: { preStop: { exec: { command: ['quit'] } } },
      },
    ],
    containers: [
      { name: 'main', image: 'python:3.12' },
      { name: 'helper', image: 'busybox:1.36' },
    ],
  }),
  gated: pod('gated', 'Always', {
    nodeSelector: { disktype: 'ssd' },
    readinessGates: [{ conditionType: 'example.com/feature' }],
    containers: [{ name: 'app', image: 'nginx', readinessProbe: { tcpSocket: { port: 80 } } }],
  }),
  neverPull: pod('never-pull', 'Always', {
    containers: [{ name: 'app', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' }],
  }),
  initSecret: pod('init-secret', 'Always', {
    initContainers: [
      {
        name: 'wait-db',
        image: 'postgres:16',
        env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db-creds', key: 'key' } } }],
      },
    ],
    containers: [{ name: 'app', image: 'busybox:1.36' }],
  }),
  pinned: pod('pinned', 'Always', {
    nodeName: 'node-2',
    containers: [
      {
        name: 'app',
        image: 'busybox:1.36',
        readinessProbe: { exec: { command: ['ok'] }, failureThreshold: 1 },
        startupProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
        livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 2 },
      },
    ],
  }),
  onFailureMesh: pod('on-failure-mesh', 'OnFailure', {
    schedulingGates: [{ name: 'example.com/quota' }],
    readinessGates: [{ conditionType: 'example.com/registered' }],
    initContainers: [{ name: 'proxy', image: 'envoy:1.30', restartPolicy: 'Always' }],
    containers: [
      {
        name: 'worker',
        image: 'busybox:1.36',
        livenessProbe: { exec: { command: ['ok'] }, failureThreshold: 1 },
        lifecycle: { preStop: { exec: { command: ['drain'] } } },
      },
      {
        name: 'reporter',
        image: 'busybox:1.36',
        lifecycle: { postStart: { exec: { command: ['register'] } } },
      },
    ],
  }),
  sidecarFirst: pod('sidecar-first', 'Never', {
    initContainers: [
      { name: 'log', image: 'fluent-bit:3.0', restartPolicy: 'Always' },
      { name: 'setup', image: 'busybox:1.36' },
    ],
    containers: [{ name: 'app', image: 'busybox:1.36' }],
  }),
} satisfies Record<string, unknown>;

/** The name of a built-in manifest. */
export type BuiltInManifestName = keyof typeof builtInManifests;

function pod(name: string, restartPolicy: RestartPolicy, spec: Record<string, unknown>) {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, namespace: 'default' },
    spec: { restartPolicy, ...spec },
  };
}
