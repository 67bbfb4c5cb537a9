// The projected invariants (src/status/projectedInvariants.ts) on hand-made bad Pod objects that
// the engine never produces, so the checkers `explore` and `podstate run` rely on are shown to
// catch each wrong value they claim to see (issue 17: checkers that see values).
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, type ProjectedPod } from './drive.js';
import { checkI4, checkI5 } from './podInvariants.js';
import { bound, testPod } from './shapes.js';

/** A copy of `pod` with condition `type` forced to `status`. */
function withCondition(pod: ProjectedPod, type: string, status: 'True' | 'False'): ProjectedPod {
  const bad = structuredClone(pod);
  bad.status.conditions!.find((c) => c.type === type)!.status = status;
  return bad;
}

describe('projected I5 on hand-made Pod objects', () => {
  it('Ready=True while ContainersReady=False is caught by name, even when every container is ready', () => {
    const pod = drive([...bound(testPod('Always', [], ['app'])), ev.started('app')]).pod();
    expect(pod.status.conditions?.find((c) => c.type === 'ContainersReady')?.status).toBe('True');
    expect(checkI5(pod)).toEqual([]);
    const bad = withCondition(pod, 'ContainersReady', 'False');
    expect(checkI5(bad)).toEqual([
      { invariant: 'I5', message: 'Ready=True while ContainersReady is not True' },
    ]);
  });
});

describe('projected I4 on hand-made Pod objects', () => {
  it('Initialized=True on a Pod object without containerStatuses and an unfinished init container is a violation, not a crash', () => {
    const pod = drive([
      ...bound(testPod('Always', [{ name: 'setup', image: 'busybox:1.36' }])),
      ev.started('setup'),
    ]).pod();
    const bad = withCondition(pod, 'Initialized', 'True');
    delete (bad.status as { containerStatuses?: unknown }).containerStatuses;
    expect(checkI4(bad)).toEqual([
      {
        invariant: 'I4',
        message:
          'Initialized=True but init container(s) setup have not completed and no regular container has run',
      },
    ]);
  });
});
