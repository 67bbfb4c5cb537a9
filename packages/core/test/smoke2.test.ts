import { expect, it } from 'vitest';
import { createEngine, settle, enabledEvents } from '@podstate/core';

it('settles', () => {
  const e = createEngine();
  const at = '2026-01-01T00:00:00.000Z';
  e.apply({ stream: 'pod/u1', type: 'pod.created', time: at, data: { manifest: { metadata: { name: 'web' }, spec: {
    initContainers: [{ name: 'setup', image: 'busybox:1.36' }, { name: 'proxy', image: 'envoy:1', restartPolicy: 'Always', startupProbe: { exec: { command: ['x'] } } }],
    containers: [{ name: 'app', image: 'nginx', readinessProbe: { httpGet: { port: 80 } }, lifecycle: { postStart: { exec: { command: ['x'] } } } }] } } } });
  const applied = settle(e, 'u1', at);
  console.log(applied.map((a) => `${a.type} ${JSON.stringify(a.data)}`).join('\n'));
  console.log(enabledEvents(e, 'u1', at).map((a) => `${a.type} ${JSON.stringify(a.data)}`).join('\n'));
  expect(e.pods.get('u1')!.value).toBe('active');
});
