// The Pod object's spec as `kubectl get pod -o json` shows it (toPodObject).
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive } from './drive.js';
import { bound, node, testPod } from './shapes.js';

describe('toPodObject: spec', () => {
  it('the binding (pods/binding, the scheduler bind plugin) sets spec.nodeName; an unbound Pod has none', () => {
    const m = testPod('Always', [], ['app']);
    expect(drive([node, ev.podCreated(m)]).pod().spec.nodeName).toBeUndefined();
    expect(drive(bound(m)).pod().spec.nodeName).toBe('node-1');
  });
});
