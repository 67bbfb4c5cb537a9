/**
 * pkg/printers/internalversion/printers_test.go TestPrintPod* and the "(5m ago)" of RESTARTS
 * (apimachinery duration.HumanDuration), each driven through events into the engine, projected
 * and printed. Upstream uses made-up reasons ("ContainerWaitingReason"); here the kubelet's
 * real ones stand in, which is what the rule (the reason overrides the phase) is about.
 */
import { after, ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';
import { bound, crashTwice, init, sidecar, testPod } from './shapes.js';

const A = 'containerA';
const B = 'containerB';
const X = 'containerX';

describe('TestPrintPod (through the engine)', () => {
  it('printPod: "container error overwrites pod phase" — a waiting reason (ErrImagePull) replaces Pending', () => {
    const m = podManifest('foo', {
      containers: [
        { name: A, image: 'nginx:1.25' },
        { name: B, image: 'redis:7.2' },
      ],
    });
    const row = drive([...bound(m), ev.started(A), ev.pulling(B), ev.pullFailed(B)]).row();
    expect(row).toMatchObject({ ready: '1/2', status: 'ErrImagePull', restarts: '0' });
  });

  it('printPod: "terminated state, the first container overwrites the rest" — Error of the first beats Completed', () => {
    const row = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(B, 0),
      ev.exited(A, 1),
    ]).row();
    expect(row).toMatchObject({ ready: '0/2', status: 'Error', completed: { reason: 'Failed' } });
  });

  it('printPod: "one running, one completed, no ready condition → NotReady"', () => {
    const row = drive([...bound(testPod('Always')), ev.started(A), ev.started(B), ev.exited(B, 0)]).row();
    expect(row).toMatchObject({ ready: '1/2', status: 'NotReady' });
  });

  it('printPod: "1 init container restarting and 1 container not running" → Init:0/1, restarts of the init container', () => {
    const steps = [
      ...bound(testPod('OnFailure', [init(X)], [A])),
      ...crashTwice(X, 1),
      after(10, ev.started(X)),
      ev.exited(X, 1),
      after(20, ev.started(X)),
      ev.wait(9),
    ];
    const row = drive(steps).row();
    // lastState.finishedAt: the last exit, 20 s (the back-off) before the restart, read 9 s after it.
    expect(row).toMatchObject({ ready: '0/1', status: 'Init:0/1', restarts: '3 (29s ago)' });
  });

  it('printPod: "1 container that restarted 5d ago" → 3 (5d ago)', () => {
    const steps = [
      ...bound(testPod('Always', [], [A])),
      ...crashTwice(A, 1),
      after(10, ev.started(A)),
      ev.exited(A, 1),
      after(20, ev.started(A)),
      ev.wait(5 * 86_400),
    ];
    expect(drive(steps).row()).toMatchObject({
      ready: '1/1',
      status: 'Running',
      restarts: '3 (5d ago)',
      age: '5d',
    });
  });

  it('printPod: "pod condition succeed" → Completed with the Succeeded row condition', () => {
    const row = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(A),
      ev.exited(B),
    ]).row();
    expect(row).toMatchObject({
      ready: '0/2',
      status: 'Completed',
      completed: { reason: 'Succeeded', message: 'The pod has completed successfully.' },
    });
  });

  it('printPod: "pod condition failed" → the first container reason, with the Failed row condition', () => {
    const row = drive([
      ...bound(testPod('Never')),
      ev.started(A),
      ev.started(B),
      ev.exited(A, 1),
      ev.exited(B, 1),
    ]).row();
    expect(row).toMatchObject({
      status: 'Error',
      completed: { reason: 'Failed', message: 'The pod failed.' },
    });
  });

  it('printPod: "pod condition succeed with deletion" → Completed, not Terminating, once Succeeded', () => {
    const row = drive([
      ...bound(testPod('Always')),
      ev.started(A),
      ev.started(B),
      ev.deletion(),
      ev.exited(A),
      ev.exited(B),
    ]).row();
    expect(row).toMatchObject({ status: 'Completed', completed: { reason: 'Succeeded' } });
  });

  it('printPod: deletionTimestamp on a running Pod → Terminating', () => {
    expect(
      drive([...bound(testPod('Always')), ev.started(A), ev.started(B), ev.deletion()]).row(),
    ).toMatchObject({
      ready: '2/2',
      status: 'Terminating',
    });
  });

  it('printPod: TestPrintPodWithRestartableInitContainer — a started, ready sidecar counts in READY and a crash-looping one shows Init:CrashLoopBackOff', () => {
    const m = testPod('Always', [sidecar(X)], [A]);
    const running = [...bound(m), ev.started(X), ev.started(A)];
    expect(drive(running).row()).toMatchObject({ ready: '2/2', status: 'Running', restarts: '0' });
    const row = drive([...running, ev.exited(X, 1), ev.started(X), ev.exited(X, 1)]).row();
    expect(row).toMatchObject({ ready: '1/2', status: 'Init:CrashLoopBackOff', restarts: '1 (0s ago)' });
  });
});

describe('HumanDuration via RESTARTS "(… ago)" (duration_test.go TestHumanDuration)', () => {
  const restarted = [...bound(testPod('Always', [], [A])), ev.started(A), ev.exited(A, 1), ev.started(A)];
  // lastState.finishedAt is 1 s before the restart; each wait is measured from the restart.
  it.each([
    [58, '59s'],
    [119, '2m'],
    [299, '5m'],
    [369, '6m10s'],
    [3 * 3600 + 599, '3h10m'],
    [8 * 3600 - 1, '8h'],
    [2 * 86_400 + 3600 - 1, '2d1h'],
    [9 * 86_400 - 1, '9d'],
    [2 * 365 * 86_400 + 86_400 - 1, '2y1d'],
  ])('humanDuration: restarted, then %is → "1 (%s ago)"', (wait, ago) => {
    expect(drive([...restarted, ev.wait(wait)]).row().restarts).toBe(`1 (${ago} ago)`);
  });

  it('humanDuration: AGE of a Pod never started is measured from creationTimestamp', () => {
    const d = drive([...bound(testPod('Always')), ev.wait(190)]);
    expect(d.row().age).toBe('3m12s');
  });
});
