import type { EventInput } from '@podstate/core';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString();

/**
 * A Pod whose app container crashes `restarts` times (each run 1 s, each restart 300 s later: at
 * least the kubelet's back-off), with a readiness probe passing on every run; plus a Secret its env
 * reads, whose value must never reach a report.
 */
export function crashLoopEvents(restarts: number, secretValue = 'czNjcjN0LXZhbHVl'): EventInput[] {
  const stream = 'pod/00000000-0000-4000-8000-000000000001';
  const subject = 'default/crashy';
  const out: EventInput[] = [
    {
      stream: 'secret/default/db',
      type: 'secret.applied',
      time: iso(T0),
      data: { namespace: 'default', name: 'db', data: { password: secretValue } },
    },
  ];
  const pod = (type: string, t: number, data: Record<string, unknown> = {}) =>
    out.push({ stream, subject, type, time: iso(t), data });
  pod('pod.created', T0, {
    manifest: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'crashy' },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'registry.example.com/app:1',
            env: [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }],
            readinessProbe: { httpGet: { path: '/ready', port: 8080 } },
          },
        ],
      },
    },
  });
  pod('pod.scheduled', T0, { node: 'node-1' });
  pod('pod.sandbox.ready', T0 + 1000, { podIP: '10.0.0.7' });
  pod('container.image.pulled', T0 + 2000, { container: 'app' });
  let t = T0 + 3000;
  for (let run = 0; run <= restarts; run++) {
    pod('container.started', t, { container: 'app' });
    pod('container.probe.succeeded', t + 500, { container: 'app', probe: 'readiness' });
    if (run === restarts) break;
    pod('container.exited', t + 1000, { container: 'app', exitCode: 1 });
    t += 1000 + 300_000;
  }
  return out;
}
