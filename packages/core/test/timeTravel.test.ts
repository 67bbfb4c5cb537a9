import { createMemoryLog, stateAt } from '@podstate/core';
import { describe, expect, it } from 'vitest';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
};

async function log() {
  const l = createMemoryLog();
  await l.append('pod/u1', [{ type: 'pod.created', time: T(0), data: { manifest } }]);
  await l.append('node/n1', [{ type: 'node.registered', time: T(1), data: { node: 'n1' } }]);
  await l.append('pod/u1', [
    { type: 'pod.scheduled', time: T(2), data: { node: 'n1' } },
    { type: 'pod.sandbox.ready', time: T(3), data: { podIP: '10.244.0.9' } },
  ]);
  return l;
}

describe('time travel: the state of a stream at a seq, a time or a revision', () => {
  it('at a global seq', async () => {
    const e = await stateAt(await log(), { seq: 3 });
    expect(e.podByName('web')!.value).toBe('sandbox.creating');
  });
  it('at a time (RFC 3339 or ms), inclusive', async () => {
    expect((await stateAt(await log(), { time: T(1) })).podByName('web')!.value).toBe('scheduling.queued');
    expect((await stateAt(await log(), { time: Date.parse(T(3)) })).podByName('web')!.ctx.podIP).toBe(
      '10.244.0.9',
    );
  });
  it("at a stream's revision", async () => {
    const e = await stateAt(await log(), { stream: 'pod/u1', rev: 2 });
    expect(e.podByName('web')!.ctx.node).toBe('n1');
    expect(e.podByName('web')!.ctx.podIP).toBeUndefined();
  });
  it('a revision the stream never reached is an error naming it', async () => {
    await expect(stateAt(await log(), { stream: 'pod/u1', rev: 9 })).rejects.toThrow(
      'stream pod/u1 has no revision 9',
    );
  });
});
