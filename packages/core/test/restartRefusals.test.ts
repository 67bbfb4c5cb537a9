// What the engine tells a user when a container may not (re)start or pull: the upstream rule and
// a message naming the container, the policy, the exit code and the time it may try again; and
// when an exited container rests in CrashLoopBackOff (ShouldContainerBeRestarted, doBackOff,
// EnsureImageExists; lifecycle.md §7, §8).

import { after, ev, given, builtInManifests as m, now, type Step } from '@podstate/core/testing';
import { restartNotBefore } from '@podstate/core/views';
import { describe, expect, it } from 'vitest';

const bound = (manifest: unknown, images: string[] = []): Step[] => [
  ev.nodeRegistered('node-1', {}, images),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];
const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const nginx = ['nginx:1.25'];

describe('EnsureImageExists: refused pulls name the rule and the image', () => {
  it('imagePullPolicy Never: the kubelet never pulls', () => {
    const r = given(...bound(m.neverPull))
      .when(ev.pulled('app'))
      .thenRejected('pull_never');
    expect(r.rule).toBe('EnsureImageExists');
    expect(r.message).toContain(
      'imagePullPolicy is Never: the kubelet never pulls "registry.local/app:1.0" (ErrImageNeverPull when it is absent)',
    );
  });

  it('ImagePullBackOff: the message says until when (last failure + 10 s)', () => {
    const r = given(...bound(m.plain), ev.pullFailed('app'))
      .when(after(5, ev.pulled('app')))
      .thenRejected('pull_backoff');
    expect(r.rule).toBe('EnsureImageExists');
    // The pull failed at 00:00:04; the back-off holds until 00:00:14.
    expect(r.message).toContain(
      'image pull of "nginx:1.25" is in back-off until 2026-01-01T00:00:14.000Z (ImagePullBackOff); advance time first',
    );
  });
});

describe('ShouldContainerBeRestarted: a container the policy does not restart', () => {
  it('Never: a container killed by its failed postStart is not restarted; the message names policy, role and exit code', () => {
    const r = given(
      ...bound(m.hooks, ['nginx:1.25', 'busybox:1.36']),
      ev.started('web'),
      ev.postStartFailed('web'),
    )
      .when(ev.started('web'))
      .thenRejected('restart_policy');
    expect(r.rule).toBe('ShouldContainerBeRestarted');
    expect(r.message).toContain(
      'restartPolicy Never does not restart app container "web" after exit code 137',
    );
  });

  it('an init container that exited 0 is done even under Always: it does not run again', () => {
    const init = pod('ini', {
      restartPolicy: 'Always',
      initContainers: [{ name: 'i', image: 'nginx:1.25' }],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    const r = given(...bound(init, nginx), ev.started('i'), ev.exited('i', 0))
      .when(ev.started('i'))
      .thenRejected('restart_policy');
    expect(r.message).toContain('restartPolicy Always does not restart init container "i" after exit code 0');
  });

  it('an init container that failed under Never is not restarted; under OnFailure it is', () => {
    const init = (restartPolicy: string) =>
      pod('ini', {
        restartPolicy,
        initContainers: [{ name: 'i', image: 'nginx:1.25' }],
        containers: [{ name: 'app', image: 'nginx:1.25' }],
      });
    given(...bound(init('Never'), nginx), ev.started('i'))
      .when(ev.exited('i', 1))
      .thenAccepted((o) => expect(o.pod?.ctx.terminalPhase).toBe('Failed'));
    given(...bound(init('OnFailure'), nginx), ev.started('i'), ev.exited('i', 1))
      .when(now(ev.started('i')))
      .thenAccepted((o) => expect(o.container('i').ctx.restartCount).toBe(1));
  });

  it('a sidecar the kubelet stopped once the app containers finished is not restarted (stopped_by_kubelet)', () => {
    const sc = pod('sc', {
      restartPolicy: 'Never',
      initContainers: [
        { name: 'a', image: 'nginx:1.25', restartPolicy: 'Always' },
        { name: 'b', image: 'nginx:1.25', restartPolicy: 'Always' },
      ],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    const r = given(
      ...bound(sc, nginx),
      ev.started('a'),
      ev.started('b'),
      ev.started('app'),
      ev.exited('app', 0),
      ev.exited('b', 0),
    )
      .when(ev.started('b'))
      .thenRejected('stopped_by_kubelet');
    expect(r.rule).toBe('ShouldContainerBeRestarted');
    expect(r.message).toContain('container "b" was stopped by the kubelet and is not restarted');
  });
});

describe('doBackOff: CrashLoopBackOff', () => {
  const crashed: Step[] = [
    ...bound(m.plain, nginx),
    ev.started('app'),
    ev.exited('app', 1),
    now(ev.started('app')),
    ev.exited('app', 1),
  ];

  it('a restart inside the back-off is refused with the delay and the time it may start (finishedAt + 10 s)', () => {
    const r = given(...crashed)
      .when(after(3, ev.started('app')))
      .thenRejected('crashloop_backoff');
    expect(r.rule).toBe('doBackOff');
    // The second run exited at 00:00:06: it may start again at 00:00:16.
    expect(r.message).toContain(
      'back-off 10s restarting failed container "app": it may start at 2026-01-01T00:00:16.000Z (CrashLoopBackOff)',
    );
  });

  it('restartNotBefore: finishedAt + the delay, while the back-off entry is alive', () => {
    given(...crashed.slice(0, -1))
      .when(ev.exited('app', 1))
      .thenAccepted((o) => {
        const app = o.container('app');
        expect(app.value).toBe('terminated.crashLoopBackOff');
        expect(restartNotBefore(app.ctx)).toBe(Date.parse('2026-01-01T00:00:16.000Z'));
      });
  });

  it('hasExpired: after a run of more than 600 s the entry is gone: the exited container restarts at once (not CrashLoopBackOff)', () => {
    const runFor = (s: number) =>
      given(...crashed, after(10, ev.started('app'))).when(after(s, ev.exited('app', 1)));
    runFor(600).thenAccepted((o) => {
      expect(o.container('app').value).toBe('terminated.crashLoopBackOff');
      expect(restartNotBefore(o.container('app').ctx)).toBe(Date.parse(o.event.time) + 20_000);
    });
    runFor(601).thenAccepted((o) => {
      expect(o.container('app').value).toBe('terminated.exited');
      expect(restartNotBefore(o.container('app').ctx)).toBeUndefined();
    });
  });

  it('restartNotBefore: no finished run or no back-off entry, no wait', () => {
    given(...bound(m.plain, nginx))
      .when(ev.started('app'))
      .thenAccepted((o) => {
        const c = o.container('app').ctx;
        expect(restartNotBefore(c)).toBeUndefined();
        // A back-off entry without a finished run (a context the kubelet never holds) still gives no time.
        expect(
          restartNotBefore({ ...c, current: undefined, backoff: { delay: 10_000, lastUpdate: 0 } }),
        ).toBe(undefined);
      });
  });
});

describe('startContainer → CreateContainer: one created instance at a time', () => {
  it('a second create is refused, naming the rule and the container', () => {
    const r = given(...bound(m.plain, nginx), ev.created('app'))
      .when(ev.created('app'))
      .thenRejected('already_created');
    expect(r.rule).toBe('startContainer');
    expect(r.message).toContain('container "app" was already created');
  });
});
