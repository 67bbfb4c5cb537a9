import { after, ev, given, builtInManifests as m, now } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

// The exact edges of client-go's flowcontrol.Backoff as the kubelet uses it (lifecycle.md §7):
// an entry expires only when more than 2 × maxDuration (600 s) passed since its last update
// (hasExpired: eventTime.Sub(lastUpdate) > maxDuration*2), and a restart is in back-off while
// now − finishedAt < delay (IsInBackOffSince). Killing tests for `npm run mutation`.
const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'python:3.12', 'envoy:1.30']);
const running = [node, ev.podCreated(m.plain), ev.scheduled(), ev.sandboxReady(), ev.started('app')];
/** Two restarts (delay now 20 s, last updated at the second restart), then a run of `ran` seconds. */
const secondRunFor = (ran: number) => [
  ...running,
  ev.exited('app', 1),
  now(ev.started('app')),
  ev.exited('app', 1),
  after(10, ev.started('app')),
  after(ran, ev.exited('app', 1)),
];

describe('crash-loop back-off edges (flowcontrol.Backoff hasExpired, IsInBackOffSince)', () => {
  it('hasExpired: a run of exactly 600 s keeps the entry (not > 2 × max): the 20 s back-off still holds', () => {
    given(...secondRunFor(600))
      .when(after(19, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...secondRunFor(600))
      .when(after(20, ev.started('app')))
      .thenAccepted((o) => expect(o.container('app').ctx.restartCount).toBe(3));
  });

  it('hasExpired: a run of 601 s drops the entry: an immediate restart, and the delay starts again at 10 s', () => {
    const reset = [...secondRunFor(601), now(ev.started('app')), ev.exited('app', 1)];
    given(...reset)
      .when(after(9, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...reset)
      .when(after(10, ev.started('app')))
      .thenAccepted();
  });

  it('Next: after a kept entry (600 s run) the delay doubles on from 20 s to 40 s', () => {
    const kept = [...secondRunFor(600), after(20, ev.started('app')), ev.exited('app', 1)];
    given(...kept)
      .when(after(39, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...kept)
      .when(after(40, ev.started('app')))
      .thenAccepted();
  });
});
