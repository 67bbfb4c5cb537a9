/**
 * Initialized when a sandbox dies after the init containers completed but before any regular
 * container ran (GeneratePodInitializedCondition, pkg/kubelet/status/generate.go; computePodActions
 * re-runs the init containers in the new sandbox): Initialized stays True until an init container
 * runs again, then is False until they all completed again.
 */
import { ev, builtInManifests as m } from '@podstate/core/testing';
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
