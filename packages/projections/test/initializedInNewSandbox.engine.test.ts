/**
 * Initialized when a sandbox dies after the init containers completed but before any regular
 * container ran (GeneratePodInitializedCondition, pkg/kubelet/status/generate.go; computePodActions
 * re-runs the init containers in the new sandbox): Initialized stays True until an init container
 * runs again, then is False until they all completed again.
 */
import { ev, builtInManifests as m, now, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25']);
const initsDone = [
  node,
  ev.podCreated(m.initChain),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup', 0),
  ev.started('migrate'),
  ev.exited('migrate', 0),
];
const condition = (d: ReturnType<typeof drive>, type: string) =>
  d.pod().status.conditions?.find((c) => c.type === type)?.status;

describe('GeneratePodInitializedCondition across a new sandbox, before any app container ran', () => {
  it('Initialized is False while the first init container runs again, though its last run exited 0', () => {
    const newSandbox = [...initsDone, ev.sandboxDied(), ev.sandboxReady('10.244.0.7')];
    expect(condition(drive(newSandbox), 'Initialized')).toBe('True');
    const rerun = drive([...newSandbox, ev.started('setup')]);
    expect(rerun.pod().status.initContainerStatuses?.map((s) => Object.keys(s.state)[0])).toEqual([
      'running',
      'terminated',
    ]);
    expect(condition(rerun, 'Initialized')).toBe('False');
    const again = drive([
      ...newSandbox,
      ev.started('setup'),
      ev.exited('setup', 0),
      ev.started('migrate'),
      ev.exited('migrate', 0),
    ]);
    expect(condition(again, 'Initialized')).toBe('True');
  });
});

describe('GeneratePodInitializedCondition agrees with the init container statuses the Pod shows', () => {
  // setup failed once and was restarted (a crash-loop back-off entry), then both init containers
  // completed; the sandbox dies before the app container ran.
  const retried: Step[] = [
    node,
    ev.podCreated(m.initChain),
    ev.scheduled(),
    ev.sandboxReady(),
    ev.started('setup'),
    ev.exited('setup', 1),
    now(ev.started('setup')),
    ev.exited('setup', 0),
    ev.started('migrate'),
    ev.exited('migrate', 0),
  ];
  it.each([
    ['completed', retried],
    ['sandbox died', [...retried, ev.sandboxDied()]],
    ['sandbox died, 700 s later', [...retried, ev.sandboxDied(), ev.wait(700)]],
    ['sandbox died, then deletion', [...retried, ev.sandboxDied(), ev.deletion(30)]],
    [
      'new sandbox, then deletion',
      [...retried, ev.sandboxDied(), ev.sandboxReady('10.244.0.7'), ev.deletion(30)],
    ],
    ['new sandbox', [...retried, ev.sandboxDied(), ev.sandboxReady('10.244.0.7')]],
    [
      'first init container re-runs',
      [...initsDone, ev.sandboxDied(), ev.sandboxReady('10.244.0.7'), ev.started('setup')],
    ],
  ])('%s: Initialized is True exactly when every init container shows terminated with exit 0', (_, steps) => {
    const d = drive(steps);
    const statuses = d.pod().status.initContainerStatuses ?? [];
    const allCompleted = statuses.every((s) => s.state.terminated?.exitCode === 0);
    expect(condition(d, 'Initialized')).toBe(allCompleted ? 'True' : 'False');
  });

  it('the cases above show both answers (the check is not vacuous)', () => {
    expect(condition(drive(retried), 'Initialized')).toBe('True');
    expect(condition(drive([...retried, ev.sandboxDied()]), 'Initialized')).toBe('True');
    const recreated = [...retried, ev.sandboxDied(), ev.sandboxReady('10.244.0.7')];
    expect(condition(drive(recreated), 'Initialized')).toBe('False');
    expect(condition(drive([...recreated, ev.deletion(30)]), 'Initialized')).toBe('True');
  });

  it('lastTransitionTime: Initialized turned False when the new sandbox purged the init containers (purgeInitContainers), and True again at the deletion (they show terminated again)', () => {
    const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
    const since = (d: ReturnType<typeof drive>, at: number) =>
      d.pod(at).status.conditions?.find((c) => c.type === 'Initialized');
    const recreated = [...retried, ev.sandboxDied(), ev.sandboxReady('10.244.0.7')];
    const died = drive(recreated);
    expect(since(died, died.last + 100_000)).toMatchObject({
      status: 'False',
      lastTransitionTime: iso(died.last),
    });
    const deleted = drive([...recreated, ev.deletion(30)]);
    expect(since(deleted, deleted.last + 100_000)).toMatchObject({
      status: 'True',
      lastTransitionTime: iso(deleted.last),
    });
  });
});
