import { describe, expect, it } from 'vitest';
import { describePod } from './describePod.js';
import type { KubeEvent, PodObject } from './types.js';

const NOW = '2026-01-02T15:10:00Z';

const pod: PodObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {
    name: 'web',
    namespace: 'default',
    uid: '8d2f',
    labels: { app: 'web', tier: 'frontend' },
    creationTimestamp: '2026-01-02T15:00:00Z',
  },
  spec: {
    nodeName: 'node-1',
    serviceAccountName: 'default',
    priority: 0,
    restartPolicy: 'Always',
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        ports: [{ containerPort: 80, protocol: 'TCP' }],
        env: [
          { name: 'MODE', value: 'prod' },
          { name: 'TOKEN', valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } } },
        ],
        readinessProbe: { httpGet: { path: '/healthz', port: 80 } },
        volumeMounts: [{ name: 'config', mountPath: '/etc/app', readOnly: true }],
      },
    ],
    volumes: [{ name: 'config', configMap: { name: 'app-config' } }],
    tolerations: [
      {
        key: 'node.kubernetes.io/not-ready',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
      {
        key: 'node.kubernetes.io/unreachable',
        operator: 'Exists',
        effect: 'NoExecute',
        tolerationSeconds: 300,
      },
    ],
  },
  status: {
    phase: 'Running',
    hostIP: '192.168.1.10',
    podIP: '10.244.0.5',
    podIPs: [{ ip: '10.244.0.5' }],
    startTime: '2026-01-02T15:00:00Z',
    conditions: [
      { type: 'PodReadyToStartContainers', status: 'True' },
      { type: 'Initialized', status: 'True' },
      { type: 'Ready', status: 'False' },
      { type: 'ContainersReady', status: 'False' },
      { type: 'PodScheduled', status: 'True' },
    ],
    containerStatuses: [
      {
        name: 'app',
        state: {
          waiting: {
            reason: 'CrashLoopBackOff',
            message: 'back-off 20s restarting failed container=app pod=web_default(8d2f)',
          },
        },
        lastState: {
          terminated: {
            exitCode: 1,
            reason: 'Error',
            startedAt: '2026-01-02T15:08:00Z',
            finishedAt: '2026-01-02T15:09:50Z',
          },
        },
        ready: false,
        started: false,
        restartCount: 2,
        image: 'docker.io/library/nginx:1.25',
        imageID: 'docker.io/library/nginx@sha256:abc',
        containerID: 'containerd://c1',
      },
    ],
  },
};

const events: KubeEvent[] = [
  {
    type: 'Normal',
    reason: 'Scheduled',
    message: 'Successfully assigned default/web to node-1',
    source: 'default-scheduler',
    firstTimestamp: '2026-01-02T15:00:00Z',
    lastTimestamp: '2026-01-02T15:00:00Z',
    count: 1,
  },
  {
    type: 'Warning',
    reason: 'BackOff',
    message: 'Back-off restarting failed container app in pod web_default(8d2f)',
    source: 'kubelet',
    firstTimestamp: '2026-01-02T15:05:00Z',
    lastTimestamp: '2026-01-02T15:09:55Z',
    count: 4,
  },
  {
    type: 'Normal',
    reason: 'Pulled',
    message: 'Container image "nginx:1.25" already present on machine',
    source: 'kubelet',
    firstTimestamp: '2026-01-02T15:00:05Z',
    lastTimestamp: '2026-01-02T15:08:00Z',
    count: 3,
  },
];

describe('describePod (kubectl describe.go describePod)', () => {
  // Go's tabwriter aligns each run of tabbed lines on its own: the volume fields, QoS Class,
  // Node-Selectors and Tolerations form one block, as in real kubectl output.
  it('describePod: layout, alignment and events table match kubectl', () => {
    expect(describePod(pod, events, NOW)).toBe(
      [
        'Name:             web',
        'Namespace:        default',
        'Priority:         0',
        'Service Account:  default',
        'Node:             node-1/192.168.1.10',
        'Start Time:       Fri, 02 Jan 2026 15:00:00 +0000',
        'Labels:           app=web',
        '                  tier=frontend',
        'Annotations:      <none>',
        'Status:           Running',
        'IP:               10.244.0.5',
        'IPs:',
        '  IP:  10.244.0.5',
        'Containers:',
        '  app:',
        '    Container ID:   containerd://c1',
        '    Image:          nginx:1.25',
        '    Image ID:       docker.io/library/nginx@sha256:abc',
        '    Port:           80/TCP',
        '    Host Port:      0/TCP',
        '    State:          Waiting',
        '      Reason:       CrashLoopBackOff',
        '    Last State:     Terminated',
        '      Reason:       Error',
        '      Exit Code:    1',
        '      Started:      Fri, 02 Jan 2026 15:08:00 +0000',
        '      Finished:     Fri, 02 Jan 2026 15:09:50 +0000',
        '    Ready:          False',
        '    Restart Count:  2',
        '    Readiness:      http-get http://:80/healthz delay=0s timeout=1s period=10s #success=1 #failure=3',
        '    Environment:',
        '      MODE:   prod',
        "      TOKEN:  <set to the key 'token' in secret 'creds'>  Optional: false",
        '    Mounts:',
        '      /etc/app from config (ro)',
        'Conditions:',
        '  Type                        Status',
        '  PodReadyToStartContainers   True ',
        '  Initialized                 True ',
        '  Ready                       False ',
        '  ContainersReady             False ',
        '  PodScheduled                True ',
        'Volumes:',
        '  config:',
        '    Type:        ConfigMap (a volume populated by a ConfigMap)',
        '    Name:        app-config',
        '    Optional:    false',
        'QoS Class:       BestEffort',
        'Node-Selectors:  <none>',
        'Tolerations:     node.kubernetes.io/not-ready:NoExecute op=Exists for 300s',
        '                 node.kubernetes.io/unreachable:NoExecute op=Exists for 300s',
        'Events:',
        '  Type     Reason     Age                 From               Message',
        '  ----     ------     ----                ----               -------',
        '  Normal   Scheduled  10m                 default-scheduler  Successfully assigned default/web to node-1',
        '  Normal   Pulled     2m (x3 over 9m55s)  kubelet            Container image "nginx:1.25" already present on machine',
        '  Warning  BackOff    5s (x4 over 5m)     kubelet            Back-off restarting failed container app in pod web_default(8d2f)',
        '',
      ].join('\n'),
    );
  });

  it('describePod: a deleting Pod shows "Terminating (lasts …)" and its grace period; no events → <none>', () => {
    const deleting: PodObject = {
      ...pod,
      metadata: {
        ...pod.metadata,
        deletionTimestamp: '2026-01-02T15:10:30Z',
        deletionGracePeriodSeconds: 30,
      },
    };
    const text = describePod(deleting, [], NOW);
    expect(text).toContain('Status:                    Terminating (lasts <invalid>)\n');
    expect(text).toContain('Termination Grace Period:  30s\n');
    expect(text.endsWith('Events:          <none>\n')).toBe(true);
  });
});
