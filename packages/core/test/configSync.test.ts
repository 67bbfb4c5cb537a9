import { isCreateContainerConfigErrorState } from '@podstate/core';
import { after, ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

// CreateContainerConfigError is a state of the container chart (issue 9): the kubelet's sync
// reaches a container's start (its turn, its image present) and generateContainerConfig fails.
const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'default' },
  spec,
});
const api = (restartPolicy = 'Always', env: unknown[] = secretEnv) =>
  podOf({ restartPolicy, containers: [{ name: 'app', image: 'nginx:1.25', env }] });
const cached = ev.nodeRegistered('node-1', {}, ['nginx:1.25', 'busybox:1.36']);
const bare = ev.nodeRegistered('node-1');
const secret = ev.secretApplied('db', { password: 'czNjcmV0' });
const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } };
const bound = (manifest: unknown = api(), node: Step = cached): Step[] => [
  node,
  ev.podCreated(manifest),
  ev.scheduled(),
];
const failing = [...bound(), ev.sandboxReady()];

describe('kuberuntime_container.go startContainer → generateContainerConfig: CreateContainerConfigError is a state', () => {
  it('startContainer: when its turn comes and its image is present, a missing Secret puts it in waiting.createContainerConfigError with makeEnvironmentVariables’ message', () => {
    given(...bound())
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.createContainerConfigError');
        expect(o.container('app').ctx.configError).toBe('secret "db" not found');
        expect(isCreateContainerConfigErrorState(o.container('app').value)).toBe(true);
      });
  });

  it('startContainer step 1 is EnsureImageExists: an absent image is pulled first (image_absent), and the failure follows the pull', () => {
    given(...bound(api(), bare))
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
    given(...bound(api(), bare), ev.sandboxReady())
      .when(ev.started('app'))
      .thenRejected('image_absent');
    given(...bound(api(), bare), ev.sandboxReady())
      .when(ev.pulled('app'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.createContainerConfigError'));
  });

  it('startContainer: a create or start is refused while the Secret is missing (config_missing); a first start counts no crash-loop back-off', () => {
    given(...failing)
      .when(ev.started('app'))
      .thenRejected('config_missing');
    given(...failing)
      .when(ev.created('app'))
      .thenRejected('config_missing');
    given(...failing)
      .when(relabel)
      .thenAccepted((o) => expect(o.container('app').ctx.backoff).toBeUndefined());
  });

  it('reasonCache: a Secret applied later changes nothing until the next sync, and the start that succeeds leaves createContainerConfigError', () => {
    given(...failing)
      .when(secret)
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.createContainerConfigError'));
    given(...failing, secret)
      .when(ev.started('app'))
      .thenAccepted((o) => {
        expect(o.container('app').value).toMatch(/^running\.up/);
        expect(o.container('app').ctx.configError).toBeUndefined();
      });
    given(...failing, secret)
      .when(ev.created('app'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.created'));
  });

  it('SyncPod: the next sync after the Secret appears leaves createContainerConfigError (to forTurn, or imagePulled after a pull)', () => {
    given(...failing, secret)
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.forTurn');
        expect(o.container('app').ctx.configError).toBeUndefined();
      });
    given(...bound(api(), bare), ev.sandboxReady(), ev.pulled('app'), secret)
      .when(relabel)
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.imagePulled'));
  });

  it('makeEnvironmentVariables: the next sync reads the error again (a Secret without the key)', () => {
    given(...failing, ev.secretApplied('db', { user: 'YWRtaW4=' }))
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.createContainerConfigError');
        expect(o.container('app').ctx.configError).toBe("couldn't find key password in Secret default/db");
      });
  });

  it('makeEnvironmentVariables: an optional reference to a missing Secret is no error', () => {
    const optional = [
      { name: 'X', valueFrom: { secretKeyRef: { name: 'db', key: 'password', optional: true } } },
    ];
    given(...bound(api('Always', optional)))
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });

  it('SyncPod: an event that changes nothing in the Pod (one more passing probe) is still the next sync', () => {
    const twoApps = podOf({
      containers: [
        { name: 'web', image: 'busybox:1.36', livenessProbe: { exec: { command: ['ok'] } } },
        { name: 'app', image: 'nginx:1.25', env: secretEnv },
      ],
    });
    given(...bound(twoApps), ev.sandboxReady(), ev.started('web'), ev.probeOk('web', 'liveness'), secret)
      .when(ev.probeOk('web', 'liveness'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: the deletion leaves createContainerConfigError', () => {
    given(...failing)
      .when(ev.deletion(30))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.forTurn');
        expect(o.container('app').ctx.configError).toBeUndefined();
      });
  });

  it('computeInitContainerActions: an init container with a missing Secret is in createContainerConfigError and the app containers wait', () => {
    const init = podOf({
      initContainers: [{ name: 'wait-db', image: 'busybox:1.36', env: secretEnv }],
      containers: [{ name: 'app', image: 'nginx:1.25', env: secretEnv }],
    });
    given(...bound(init))
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('wait-db').value).toBe('waiting.createContainerConfigError');
        expect(o.container('app').value).toBe('waiting.forTurn');
      });
  });
});

describe('doBackOff then startContainer: a restart whose config fails', () => {
  // Runs once with the Secret, which is then deleted; the container exits 1 under OnFailure.
  const ran = [
    ...bound(api('OnFailure')),
    secret,
    ev.sandboxReady(),
    ev.started('app'),
    ev.secretDeleted('db'),
  ];

  it('doBackOff → startContainer: the restart due at its exit fails: terminated.createContainerConfigError, the attempt counted by the crash-loop back-off', () => {
    given(...ran)
      .when(ev.exited('app', 1))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.createContainerConfigError');
        expect(o.container('app').ctx.backoff?.delay).toBe(10_000);
      });
  });

  it('doBackOff: once the Secret is back, the restart waits for the back-off the failed attempt started (crashloop_backoff), then starts', () => {
    const failed = [...ran, ev.exited('app', 1), secret];
    given(...failed)
      .when(after(2, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...failed)
      .when(after(10, ev.started('app')))
      .thenAccepted((o) => {
        expect(o.container('app').value).toMatch(/^running\.up/);
        expect(o.container('app').ctx.restartCount).toBe(1);
      });
  });

  it('doBackOff: a container in CrashLoopBackOff fails its config at the first sync after the back-off expired', () => {
    const looping = [
      ...bound(api('OnFailure')),
      secret,
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.started('app'),
      ev.exited('app', 1),
      ev.secretDeleted('db'),
    ];
    given(...looping)
      .when(after(2, relabel))
      .thenAccepted((o) => expect(o.container('app').value).toBe('terminated.crashLoopBackOff'));
    given(...looping)
      .when(after(10, relabel))
      .thenAccepted((o) => expect(o.container('app').value).toBe('terminated.createContainerConfigError'));
  });
});
