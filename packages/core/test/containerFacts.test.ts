// What a container's status carries from the facts the runtime reported (convertContainerStatus,
// kuberuntime_container.go; image_manager.go): the image digest a pull returned, the container ID
// a start returned, the runtime's error of a failed pull, a failed postStart hook's message, the
// config error of a failed restart — and the crash-loop back-off a failed restart counts from the
// container's finishedAt (doBackOff → backOff.Next(key, ts)).
import { after, ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'facts', namespace: 'default' },
  spec,
});
const web = podOf({ containers: [{ name: 'app', image: 'nginx:1.25' }] });
const bound = (manifest: unknown, images: string[] = []): Step[] => [
  ev.nodeRegistered('node-1', {}, images),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];
const DIGEST =
  'docker.io/library/nginx@sha256:0d17b565c37bcbd895e9d92315a05c1c3c9a29f762b011a10c54a66cd53c9b31';

describe('EnsureImageExists → pullImage: the pulled image’s digest (imageID) and the runtime’s pull error', () => {
  it('a pull that reports an imageID keeps it; a later pull without one keeps the earlier', () => {
    const pulled: Step = { type: 'container.image.pulled', data: { container: 'app', imageID: DIGEST } };
    given(...bound(web))
      .when(pulled)
      .thenAccepted((o) => expect(o.container('app').ctx.imageID).toBe(DIGEST));
    given(...bound(web), pulled)
      .when(ev.pulled('app'))
      .thenAccepted((o) => expect(o.container('app').ctx.imageID).toBe(DIGEST));
  });

  it('a failed pull records the runtime’s error (ErrImagePull message)', () => {
    given(...bound(web))
      .when(ev.pullFailed('app', 'rpc error: code = NotFound desc = nginx:1.25 not found'))
      .thenAccepted((o) =>
        expect(o.container('app').ctx.pullError).toBe(
          'rpc error: code = NotFound desc = nginx:1.25 not found',
        ),
      );
  });
});

describe('startContainer → StartContainer: the container ID the runtime returned', () => {
  it('is the running container’s ID and the terminated state’s containerID after it exits', () => {
    const started: Step = {
      type: 'container.started',
      data: { container: 'app', containerID: 'containerd://4f2a' },
    };
    given(...bound(web, ['nginx:1.25']))
      .when(started)
      .thenAccepted((o) => expect(o.container('app').ctx.containerID).toBe('containerd://4f2a'));
    given(...bound(web, ['nginx:1.25']), started)
      .when(ev.exited('app', 2))
      .thenAccepted((o) => expect(o.container('app').ctx.current?.containerID).toBe('containerd://4f2a'));
  });
});

describe('startContainer: a failed postStart hook (FailedPostStartHook)', () => {
  it('records the hook’s message as the PostStartHookError', () => {
    const hooked = podOf({
      containers: [
        { name: 'app', image: 'nginx:1.25', lifecycle: { postStart: { exec: { command: ['x'] } } } },
      ],
    });
    given(...bound(hooked, ['nginx:1.25']), ev.started('app'))
      .when(ev.postStartFailed('app', 'Exec lifecycle hook ([x]) for Container "app" failed: exit code 1'))
      .thenAccepted((o) =>
        expect(o.container('app').ctx.startError).toEqual({
          reason: 'PostStartHookError',
          message: 'Exec lifecycle hook ([x]) for Container "app" failed: exit code 1',
        }),
      );
  });
});

describe('doBackOff then startContainer: a restart whose config fails (generateContainerConfig)', () => {
  const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
  const api = podOf({
    restartPolicy: 'OnFailure',
    containers: [{ name: 'app', image: 'nginx:1.25', env: secretEnv }],
  });
  const secret = ev.secretApplied('db', { password: 'czNjcmV0' });
  const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } };

  it('records makeEnvironmentVariables’ message for the failed restart (CreateContainerConfigError)', () => {
    given(
      ...bound(api, ['nginx:1.25']).slice(0, 3),
      secret,
      ev.sandboxReady(),
      ev.started('app'),
      ev.secretDeleted('db'),
    )
      .when(ev.exited('app', 1))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.createContainerConfigError');
        expect(o.container('app').ctx.configError).toBe('secret "db" not found');
      });
  });

  it('backOff.Next(key, finishedAt): a failed restart 11 minutes after the exit doubles the back-off the last restart set (the entry has not expired at the exit)', () => {
    // Restarted once (back-off 10 s from the restart); that run exits 1 s later with the Secret gone.
    const looping = [
      ...bound(api, ['nginx:1.25']).slice(0, 3),
      secret,
      ev.sandboxReady(),
      ev.started('app'),
      ev.exited('app', 1),
      ev.started('app'),
      ev.secretDeleted('db'),
      ev.exited('app', 1),
    ];
    expect(
      given(...looping)
        .run()
        .container('app').value,
    ).toBe('terminated.crashLoopBackOff');
    given(...looping)
      .when(after(660, relabel))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.createContainerConfigError');
        expect(o.container('app').ctx.backoff?.delay).toBe(20_000);
      });
  });
});

describe('SyncPod: a sync that finds the same CreateContainerConfigError again changes nothing', () => {
  it('a passing liveness probe of a Pod-mate is a no-op transition (the status projection skips it)', () => {
    const env = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];
    const two = podOf({
      containers: [
        { name: 'app', image: 'nginx:1.25', livenessProbe: { exec: { command: ['ok'] } } },
        { name: 'cfg', image: 'nginx:1.25', env },
      ],
    });
    const steps = [...bound(two, ['nginx:1.25']), ev.started('app')];
    expect(
      given(...steps)
        .run()
        .container('cfg').value,
    ).toBe('waiting.createContainerConfigError');
    given(...steps)
      .when(ev.probeOk('app', 'liveness'))
      .thenAccepted((o) => {
        if (!o.result.ok) throw new Error('refused');
        expect(o.result.transition.after?.ctx).toBe(o.result.transition.before?.ctx);
        expect(o.container('cfg').ctx.configError).toBe('secret "db" not found');
      });
  });
});
