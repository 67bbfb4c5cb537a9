/**
 * pkg/kubelet/status/status_manager.go TerminatePod (with hasPodInitialized and
 * initializedContainers), driven through events: which containers of a Pod that has become
 * terminal (deleted or evicted) the kubelet reports as ContainerStatusUnknown (exit 137), and
 * which keep the waiting state they had.
 */
import { ev } from '@podstate/core/testing';
import type { ContainerStatus } from '@podstate/projections';
import { describe, expect, it } from 'vitest';
import { type Driven, drive } from './drive.js';
import { bound, init, sidecar, testPod } from './shapes.js';

const A = 'containerA';
const B = 'containerB';
/** TerminatePod's state for a container it found without a terminated state. */
const UNKNOWN = {
  terminated: {
    exitCode: 137,
    reason: 'ContainerStatusUnknown',
    message: 'The container could not be located when the pod was terminated',
  },
};
const PODINITIALIZING = { waiting: { reason: 'PodInitializing' } };
const statusOf = (d: Driven, name: string): ContainerStatus => {
  const { initContainerStatuses = [], containerStatuses = [] } = d.pod().status;
  const s = [...initContainerStatuses, ...containerStatuses].find((x) => x.name === name);
  if (s === undefined) throw new Error(`no status for ${name}`);
  return s;
};
const stateOf = (d: Driven, name: string) => statusOf(d, name).state;
const evicted = ev.evicted('Evicted', 'The node was low on resource: memory.');
/** An init container whose image is not on the node (its pull can fail). */
const missingImage = (name: string) => ({ name, image: 'redis:7.2' });

describe('status_manager.go hasPodInitialized: are the regular containers defaulted to ContainerStatusUnknown?', () => {
  it('TerminatePod: an unknown container is also not ready and not started (only its state was missing)', () => {
    const d = drive([...bound(testPod('Always', [], [A])), ev.created(A), evicted]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(statusOf(d, A)).toMatchObject({ state: UNKNOWN, ready: false, started: false });
    expect(d.row().status).toBe('ContainerStatusUnknown');
  });

  it('hasPodInitialized: "the last init container has ever completed with a zero exit code": a regular container that never started, of a Pod deleted after its init container exited 0, is ContainerStatusUnknown', () => {
    const d = drive([
      ...bound(testPod('Always', [init('setup')], [A])),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.deletion(),
    ]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(stateOf(d, 'setup').terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(stateOf(d, A)).toEqual(UNKNOWN);
    expect(d.row().status).toBe('ContainerStatusUnknown');
  });

  it("hasPodInitialized: the last init container's LastTerminationState exit 0 counts: its re-run in a new sandbox killed by the deletion (137) still leaves the Pod initialized", () => {
    const d = drive([
      ...bound(testPod('Always', [init('setup')], [A])),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.sandboxDied(),
      ev.sandboxReady('10.244.0.6'),
      ev.started('setup'),
      ev.deletion(),
      ev.exited('setup', 137),
    ]);
    expect(statusOf(d, 'setup').lastState.terminated?.exitCode).toBe(0);
    expect(stateOf(d, 'setup').terminated?.exitCode).toBe(137);
    expect(stateOf(d, A)).toEqual(UNKNOWN);
  });

  it('hasPodInitialized: a regular container that has left waiting (ran and exited) is evidence: its never-started neighbour is ContainerStatusUnknown', () => {
    // The last init container is a sidecar, which tells nothing once stopped (see below): the
    // evidence can only come from the regular containers.
    const d = drive([
      ...bound(testPod('Always', [sidecar('proxy')], [A, B])),
      ev.started('proxy'),
      ev.started(A),
      ev.deletion(),
      ev.exited(A, 0),
      ev.exited('proxy', 0),
    ]);
    expect(stateOf(d, A).terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(stateOf(d, B)).toEqual(UNKNOWN);
  });

  it('hasPodInitialized: a regular container waiting with a LastTerminationState (created again after an exit) is evidence: it and its never-started neighbour are ContainerStatusUnknown', () => {
    const d = drive([
      ...bound(testPod('Always', [sidecar('proxy')], [A, B])),
      ev.started('proxy'),
      ev.started(A),
      ev.exited(A, 1),
      ev.created(A),
      evicted,
    ]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(statusOf(d, A).lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(stateOf(d, A)).toEqual(UNKNOWN);
    expect(stateOf(d, B)).toEqual(UNKNOWN);
    expect(d.row().status).toBe('ContainerStatusUnknown');
  });

  it('hasPodInitialized: IsRestartableInitContainer — a last init container that is a sidecar, stopped by the deletion (even with exit 0), does not initialize the Pod: the regular container keeps waiting', () => {
    const d = drive([
      ...bound(testPod('Always', [sidecar('proxy')], [A])),
      ev.started('proxy'),
      ev.deletion(),
      ev.exited('proxy', 0),
    ]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(stateOf(d, 'proxy').terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(stateOf(d, A)).toEqual(PODINITIALIZING);
    expect(d.row().status).toBe('PodInitializing');
    // A regular init container last, after the sidecar, that exited 0 does initialize it.
    const regularLast = drive([
      ...bound(testPod('Always', [sidecar('proxy'), init('setup')], [A])),
      ev.started('proxy'),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.deletion(),
      ev.exited('proxy', 0),
    ]);
    expect(stateOf(regularLast, A)).toEqual(UNKNOWN);
  });
});

describe('status_manager.go initializedContainers: which init containers are defaulted to ContainerStatusUnknown', () => {
  it('initializedContainers: "If all containers are Waiting, the first container is always returned": of two init containers never started, only the first is ContainerStatusUnknown', () => {
    const d = drive([
      ...bound(testPod('Always', [missingImage('setup'), init('migrate')], [A])),
      ev.pulling('setup'),
      ev.pullFailed('setup'),
      ev.deletion(),
    ]);
    expect(d.pod().status.phase).toBe('Failed');
    expect(statusOf(d, 'setup')).toMatchObject({ state: UNKNOWN, ready: false, started: false });
    expect(stateOf(d, 'migrate')).toEqual(PODINITIALIZING);
    // Not initialized: the regular container keeps waiting.
    expect(stateOf(d, A)).toEqual(PODINITIALIZING);
    expect(d.row().status).toBe('Init:ContainerStatusUnknown');
  });

  it('initializedContainers: every init container up to the last that tried to start (one created again after exiting) is defaulted; the trailing never-started one keeps waiting', () => {
    const d = drive([
      ...bound(testPod('Always', [init('setup'), init('migrate'), init('seed')], [A])),
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('migrate'),
      ev.exited('migrate', 1),
      ev.created('migrate'),
      evicted,
    ]);
    expect(stateOf(d, 'setup').terminated).toMatchObject({ exitCode: 0, reason: 'Completed' });
    expect(statusOf(d, 'migrate').lastState.terminated).toMatchObject({ exitCode: 1, reason: 'Error' });
    expect(stateOf(d, 'migrate')).toEqual(UNKNOWN);
    expect(stateOf(d, 'seed')).toEqual(PODINITIALIZING);
    expect(stateOf(d, A)).toEqual(PODINITIALIZING);
    expect(d.row().status).toBe('Init:ContainerStatusUnknown');
  });
});
