/**
 * The Ready condition of a Pod on a lost node, per node-lost profile (lifecycle.md §10): today's
 * node lifecycle controller sets Ready=False (MarkPodsNotReady) when the node stops reporting; the
 * legacy profile shows phase Unknown and leaves the conditions as the kubelet last wrote them.
 * lastTransitionTime says when each status began.
 */
import { ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest } from './drive.js';

const web = podManifest('web', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
const lost = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(web),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('app'),
  ev.wait(10),
  ev.nodeLost('node-1'),
];
const ready = (d: ReturnType<typeof drive>) =>
  d.pod(d.last + 100_000).status.conditions?.find((c) => c.type === 'Ready');

describe('Ready on a lost node', () => {
  it('current profile: MarkPodsNotReady sets Ready=False from the moment the node was lost', () => {
    const d = drive(lost);
    expect(ready(d)).toMatchObject({ status: 'False', lastTransitionTime: '2026-01-01T00:00:15Z' });
    expect(d.pod().status.phase).toBe('Running');
  });

  it('legacy profile: phase Unknown, Ready stays True since the container became ready', () => {
    const d = drive(lost, { profile: 'legacy' });
    expect(ready(d)).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:04Z' });
    expect(d.pod().status.phase).toBe('Unknown');
  });
});
