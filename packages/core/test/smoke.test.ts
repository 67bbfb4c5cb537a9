import { describe, expect, it } from 'vitest';
import { createEngine } from '@podstate/core';

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const pod = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { initContainers: [{ name: 'setup', image: 'busybox:1.36' }], containers: [{ name: 'app', image: 'nginx:1.25' }] },
};

describe('smoke', () => {
  it('runs a pod', () => {
    const e = createEngine();
    const s = 'pod/u1';
    const steps: [string, Record<string, unknown>][] = [
      ['pod.created', { manifest: pod }],
      ['pod.scheduled', { node: 'n1' }],
      ['pod.sandbox.ready', { podIP: '10.1.0.5' }],
      ['container.image.pulled', { container: 'setup' }],
      ['container.started', { container: 'setup' }],
      ['container.exited', { container: 'setup', exitCode: 0 }],
      ['container.image.pulled', { container: 'app' }],
      ['container.started', { container: 'app' }],
    ];
    let i = 0;
    for (const [type, data] of steps) {
      const r = e.apply({ stream: s, type, time: t(i++), data });
      if (!r.ok) throw new Error(r.rejection.message);
    }
    const r = e.apply({ stream: s, type: 'container.started', time: t(i), data: { container: 'setup' } });
    expect(r.ok).toBe(false);
    if (!r.ok) console.log(r.rejection.message);
    const p = e.podByName('web')!;
    expect(p.value).toBe('active');
    expect(p.ctx.containers.map((c) => c.value)).toEqual(['terminated', 'running.up']);
  });
});
