// Time travel (stateAt) over a log: the node-lost profile the log records in its first event's
// meta.profile, and a log that does not replay (an event the rules refuse) named by its seq.
import { createMemoryLog, nextActions, PodstateError, profileOf, stateAt } from '@podstate/core';
import { describe, expect, it } from 'vitest';

const T = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web' },
  spec: { containers: [{ name: 'app', image: 'nginx:1.25' }] },
};

/** A Pod running on node n1, then n1 lost; the first event records `profile` in its meta. */
async function lostNodeLog(profile: string | undefined) {
  const l = createMemoryLog();
  await l.append('node/n1', [
    {
      type: 'node.registered',
      time: T(0),
      data: { node: 'n1', images: ['nginx:1.25'] },
      ...(profile === undefined ? {} : { meta: { profile } }),
    },
  ]);
  await l.append('pod/u1', [
    { type: 'pod.created', time: T(1), data: { manifest } },
    { type: 'pod.scheduled', time: T(2), data: { node: 'n1' } },
    { type: 'pod.sandbox.ready', time: T(3), data: { podIP: '10.244.0.9' } },
    { type: 'container.started', time: T(4), data: { container: 'app' } },
  ]);
  await l.append('node/n1', [{ type: 'node.lost', time: T(5), data: { node: 'n1' } }]);
  return l;
}

/** The eviction reason due 300 s after the node was lost (taint manager vs legacy NodeLost). */
async function evictionReason(profile: string | undefined) {
  const engine = await stateAt(await lostNodeLog(profile), { seq: 6 });
  const [due] = nextActions(engine, 'u1', new Date(Date.parse(T(5)) + 300_000).toISOString());
  return (due?.data as { reason?: string } | undefined)?.reason;
}

describe('stateAt replays under the node-lost profile the log records (profileOf)', () => {
  it("a log whose first event says meta.profile 'legacy' evicts with NodeLost (SetPodTerminationReason)", async () => {
    expect(await evictionReason('legacy')).toBe('NodeLost');
  });
  it("a log without a profile, or with 'current', evicts with DeletionByTaintManager (taint manager)", async () => {
    expect(await evictionReason(undefined)).toBe('DeletionByTaintManager');
    expect(await evictionReason('current')).toBe('DeletionByTaintManager');
  });
  it('an explicit profile option wins over the log', async () => {
    const engine = await stateAt(await lostNodeLog(undefined), { seq: 6 }, { profile: 'legacy' });
    const [due] = nextActions(engine, 'u1', new Date(Date.parse(T(5)) + 300_000).toISOString());
    expect(due?.data).toMatchObject({ reason: 'NodeLost' });
  });
  it('profileOf: legacy only when the first event says so; an empty log is current', () => {
    const e = (meta?: Record<string, unknown>) =>
      ({ seq: 1, stream: 'x', rev: 1, id: 'i', type: 't', time: T(0), data: {}, meta }) as never;
    expect(profileOf(undefined)).toBe('current');
    expect(profileOf(e())).toBe('current');
    expect(profileOf(e({ profile: 'legacy' }))).toBe('legacy');
    expect(profileOf(e({ profile: 'current' }))).toBe('current');
    expect(profileOf(e({ profile: 'other' }))).toBe('current');
  });
});

describe('stateAt over a log that does not replay', () => {
  it('names the seq of the refused event and the reason (damaged_log)', async () => {
    const l = createMemoryLog();
    await l.append('pod/u1', [
      { type: 'pod.created', time: T(0), data: { manifest } },
      // Refused: a container cannot start before the Pod is bound and has a sandbox.
      { type: 'container.started', time: T(1), data: { container: 'app' } },
    ]);
    const err = await stateAt(l, { seq: 2 }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PodstateError);
    expect(err).toMatchObject({
      code: 'damaged_log',
      message: expect.stringMatching(/^the log does not replay at seq 2: .*pod\.scheduled first/),
      details: { seq: 2, rejection: { code: 'not_scheduled' } },
    });
  });
});
