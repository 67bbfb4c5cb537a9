// pullImage (pkg/kubelet/images/image_manager.go) keys the pull back-off by `<podUID>_<image>`: one
// container's failed pull puts every Pod-mate that still needs the same image into the same
// back-off (ImagePullBackOff with the last error), and a successful pull clears it for them. A
// Pod-mate that is already pulling, or already holds a created instance, keeps its state; a
// restarting one is held in its terminated pull states the same way, and leaves them with the
// crash-loop decision it had (ShouldContainerBeRestarted, doBackOff).
import { ev, given, now, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const IMAGE = 'busybox:1.36';
const twoApps = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'pair', namespace: 'default' },
  spec: {
    containers: [
      { name: 'a', image: IMAGE },
      { name: 'b', image: IMAGE },
    ],
  },
};
/** A bound Pod with a sandbox; the node holds `images`. */
const bound = (images: string[] = []): Step[] => [
  ev.nodeRegistered('node-1', {}, images),
  ev.podCreated(twoApps),
  ev.scheduled(),
  ev.sandboxReady(),
];
/** b pulls, starts and exits 1 (restartPolicy Always: it restarts, and its next start needs a pull). */
const bRanOnce: Step[] = [...bound(), ev.pulled('b'), ev.created('b'), ev.started('b'), ev.exited('b', 1)];

describe('pullImage: a failed pull of a Pod-mate with the same image (EnsureImageExists back-off keyed by Pod and image)', () => {
  it('a container already pulling the image keeps pulling, with the shared error recorded', () => {
    given(...bound(), ev.pulling('b'))
      .when(now(ev.pullFailed('a', 'rpc error: not found')))
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.errImagePull');
        expect(o.container('b').value).toBe('waiting.pullingImage');
        expect(o.container('b').ctx.pullError).toBe('rpc error: not found');
      });
  });

  it('a restarting container already pulling the image keeps pulling (terminated.pullingImage)', () => {
    given(...bRanOnce, ev.pulling('b'))
      .when(now(ev.pullFailed('a')))
      .thenAccepted((o) => expect(o.container('b').value).toBe('terminated.pullingImage'));
  });

  it('a container the runtime already created (image on the node) stays created', () => {
    given(...bound([IMAGE]), ev.created('b'))
      .when(now(ev.pullFailed('a')))
      .thenAccepted((o) => expect(o.container('b').value).toBe('waiting.created'));
  });

  it('a restarting container already created for its restart stays created (terminated.created)', () => {
    given(...bound([IMAGE]), ev.created('b'), ev.started('b'), ev.exited('b', 1), ev.created('b'))
      .when(now(ev.pullFailed('a')))
      .thenAccepted((o) => expect(o.container('b').value).toBe('terminated.created'));
  });

  it('a restarting container that still needs the image shows ImagePullBackOff with its last exit kept', () => {
    given(...bRanOnce)
      .when(now(ev.pullFailed('a', 'manifest unknown')))
      .thenAccepted((o) => {
        const b = o.container('b');
        expect(b.value).toBe('terminated.imagePullBackOff');
        expect(b.ctx.pullError).toBe('manifest unknown');
        expect(b.ctx.current?.exitCode).toBe(1);
      });
  });
});

describe('pullImage: a successful pull of a Pod-mate with the same image clears the back-off', () => {
  it('a container in ErrImagePull goes back in line for its start (waiting.forTurn)', () => {
    // a runs; b's own pull fails; a exits at once and, restarting, pulls the image.
    given(
      ...bound(),
      ev.pulled('a'),
      ev.created('a'),
      ev.started('a'),
      ev.pullFailed('b'),
      now(ev.exited('a', 1)),
    )
      .when(now(ev.pulled('a')))
      .thenAccepted((o) => {
        expect(o.container('b').value).toBe('waiting.forTurn');
        expect(o.container('b').ctx.pullError).toBeUndefined();
      });
  });

  it('a restarting container in ErrImagePull leaves it for its crash-loop decision (terminated.exited: a first restart is immediate)', () => {
    given(
      ...bRanOnce,
      ev.pulled('a'),
      ev.created('a'),
      ev.started('a'),
      ev.pullFailed('b'),
      now(ev.exited('a', 1)),
    )
      .when(now(ev.pulled('a')))
      .thenAccepted((o) => {
        expect(o.container('b').value).toBe('terminated.exited');
        expect(o.container('b').ctx.pullError).toBeUndefined();
      });
  });

  it('a restarting container in ImagePullBackOff leaves it for its crash-loop decision', () => {
    const steps = [
      ...bRanOnce,
      ev.pulled('a'),
      ev.created('a'),
      ev.started('a'),
      ev.pullFailed('b'),
      ev.exited('a', 1),
    ];
    expect(
      given(...steps)
        .run()
        .container('b').value,
    ).toBe('terminated.imagePullBackOff');
    given(...steps)
      .when(now(ev.pulled('a')))
      .thenAccepted((o) => expect(o.container('b').value).toBe('terminated.exited'));
  });
});

describe('pullImage: the back-off key is the image, and only Pod-mates that still need it share it', () => {
  const pod = (containers: { name: string; image: string }[]) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'mates', namespace: 'default' },
    spec: { containers },
  });
  const boundTo = (manifest: unknown, images: string[] = []): Step[] => [
    ev.nodeRegistered('node-1', {}, images),
    ev.podCreated(manifest),
    ev.scheduled(),
    ev.sandboxReady(),
  ];

  it('a container with another image keeps its state and has no pull error', () => {
    given(
      ...boundTo(
        pod([
          { name: 'a', image: IMAGE },
          { name: 'b', image: 'nginx:1.25' },
        ]),
      ),
    )
      .when(ev.pullFailed('a'))
      .thenAccepted((o) => {
        expect(o.container('b').value).toBe('waiting.forTurn');
        expect(o.container('b').ctx.pullError).toBeUndefined();
      });
  });

  it('a running container with the same image keeps running', () => {
    given(
      ...boundTo(
        pod([
          { name: 'a', image: IMAGE },
          { name: 'b', image: IMAGE },
        ]),
        [IMAGE],
      ),
      ev.started('b'),
    )
      .when(ev.pullFailed('a'))
      .thenAccepted((o) => {
        expect(o.container('b').value).toMatch(/^running\.up/);
        expect(o.container('b').ctx.pullError).toBeUndefined();
      });
  });

  it('every Pod-mate that still needs the image shares the failure, not only the last', () => {
    const three = pod([
      { name: 'a', image: IMAGE },
      { name: 'b', image: IMAGE },
      { name: 'c', image: IMAGE },
    ]);
    given(...boundTo(three))
      .when(ev.pullFailed('a'))
      .thenAccepted((o) => {
        expect(o.container('b').value).toBe('waiting.imagePullBackOff');
        expect(o.container('c').value).toBe('waiting.imagePullBackOff');
      });
  });

  it('the Pod’s next sync (its next event) shows ImagePullBackOff for every container whose own pull failed before it', () => {
    const two = pod([
      { name: 'a', image: IMAGE },
      { name: 'b', image: 'nginx:1.25' },
    ]);
    given(...boundTo(two), ev.pullFailed('a'), now(ev.pullFailed('b')))
      .when({ type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } })
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.imagePullBackOff');
        expect(o.container('b').value).toBe('waiting.imagePullBackOff');
      });
  });
});
