/**
 * When the kubelet's derived waiting reasons appear (convertToAPIContainerStatuses with the
 * reasonCache, lifecycle.md §7, §8): ErrImageNeverPull only once the sandbox exists (SyncPod
 * reaches EnsureImageExists after createPodSandbox), and CrashLoopBackOff only while the back-off
 * entry is alive (flowcontrol.Backoff hasExpired: more than 600 s since its last update).
 */
import { after, ev, now } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';

const node = ev.nodeRegistered('node-1', {}, ['nginx:1.25']);
const stateOf = (d: ReturnType<typeof drive>) => d.pod().status.containerStatuses![0]!.state;

describe('ErrImageNeverPull waits for the sandbox', () => {
  const never = podManifest('never', {
    containers: [{ name: 'app', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' }],
  });
  it('bound, no sandbox yet: ContainerCreating; with the sandbox: ErrImageNeverPull', () => {
    expect(stateOf(drive([node, ev.podCreated(never), ev.scheduled()]))).toEqual({
      waiting: { reason: 'ContainerCreating' },
    });
    expect(stateOf(drive([node, ev.podCreated(never), ev.scheduled(), ev.sandboxReady()]))).toMatchObject({
      waiting: { reason: 'ErrImageNeverPull' },
    });
  });
});

describe('CrashLoopBackOff only while the back-off entry lives (hasExpired: > 600 s)', () => {
  const web = podManifest('web', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
  // Two restarts (the entry last updated at the second), then a run of `ran` seconds.
  const runFor = (ran: number) => [
    node,
    ev.podCreated(web),
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('app'),
    ev.exited('app', 1),
    now(ev.started('app')),
    ev.exited('app', 1),
    after(10, ev.started('app')),
    after(ran, ev.exited('app', 1)),
  ];
  it('a run of exactly 600 s: the entry holds, CrashLoopBackOff', () => {
    expect(stateOf(drive(runFor(600)))).toMatchObject({ waiting: { reason: 'CrashLoopBackOff' } });
  });
  it('a run of 601 s: the entry expired, the container shows its exit (restarted at once)', () => {
    expect(stateOf(drive(runFor(601)))).toMatchObject({ terminated: { exitCode: 1 } });
  });
});
