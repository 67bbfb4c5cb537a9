import { after, ev, given, builtInManifests as m, now } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'python:3.12', 'envoy:1.30']);
const running = (manifest: unknown, ...containers: string[]) => [
  node,
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
  ...containers.map((c) => ev.started(c)),
];
const withPolicy = (restartPolicy: string) => ({ ...m.plain, spec: { ...m.plain.spec, restartPolicy } });

describe('restart policy (lifecycle.md §6.3)', () => {
  it('ShouldContainerBeRestarted: Never does not restart an exited app container', () => {
    given(...running(withPolicy('Never'), 'app'), ev.exited('app', 1))
      .when(ev.started('app'))
      .thenRejected('pod_finished');
  });

  it('ShouldContainerBeRestarted: OnFailure does not restart an app container that exited 0', () => {
    given(
      ...running(m.initChain),
      ev.started('setup'),
      ev.exited('setup'),
      ev.started('migrate'),
      ev.exited('migrate'),
      ev.started('app'),
      ev.exited('app', 0),
    )
      .when(ev.started('app'))
      .thenRejected('pod_finished');
  });

  it('ShouldContainerBeRestarted: OnFailure restarts an app container that exited non-zero', () => {
    const base = [
      ...running(m.initChain),
      ev.started('setup'),
      ev.exited('setup'),
      ev.started('migrate'),
      ev.exited('migrate'),
    ];
    given(...base, ev.started('app'), ev.exited('app', 3))
      .when(ev.started('app'))
      .thenAccepted((o) => {
        expect(o.container('app').ctx.restartCount).toBe(1);
        expect(o.container('app').ctx.last?.exitCode).toBe(3);
      });
  });

  it('ShouldContainerBeRestarted: Always restarts an app container that exited 0', () => {
    given(...running(m.plain, 'app'), ev.exited('app', 0))
      .when(ev.started('app'))
      .thenAccepted((o) => expect(o.container('app').ctx.restartCount).toBe(1));
  });
});

describe('crash-loop back-off (lifecycle.md §7)', () => {
  const crashed = [...running(m.plain, 'app'), ev.exited('app', 1)];

  it('doBackOff: the first restart is immediate', () => {
    given(...crashed)
      .when(now(ev.started('app')))
      .thenAccepted();
  });

  it('doBackOff: second restart waits 10s from finishedAt', () => {
    const second = [...crashed, now(ev.started('app')), after(5, ev.exited('app', 1))];
    given(...second)
      .when(after(9, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...second)
      .when(after(10, ev.started('app')))
      .thenAccepted((o) => expect(o.container('app').ctx.restartCount).toBe(2));
  });

  it('doBackOff: the delay doubles (10s, 20s, 40s) and is measured from finishedAt', () => {
    const third = [
      ...crashed,
      now(ev.started('app')),
      ev.exited('app', 1),
      after(10, ev.started('app')),
      after(30, ev.exited('app', 1)),
    ];
    given(...third)
      .when(after(19, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...third, after(20, ev.started('app')), ev.exited('app', 1))
      .when(after(39, ev.started('app')))
      .thenRejected('crashloop_backoff');
  });

  it('doBackOff: the delay is capped at 300s', () => {
    const steps = [...crashed, now(ev.started('app'))];
    for (const wait of [10, 20, 40, 80, 160, 300])
      steps.push(ev.exited('app', 1), after(wait, ev.started('app')));
    given(...steps, ev.exited('app', 1))
      .when(after(299, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...steps, ev.exited('app', 1))
      .when(after(300, ev.started('app')))
      .thenAccepted();
  });

  it('doBackOff: a container that ran more than 10 minutes restarts at once (the entry expired)', () => {
    given(
      ...crashed,
      now(ev.started('app')),
      ev.exited('app', 1),
      after(10, ev.started('app')),
      after(601, ev.exited('app', 1)),
    )
      .when(now(ev.started('app')))
      .thenAccepted();
  });
});
