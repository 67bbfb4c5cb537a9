import { after, ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const bound = (manifest: unknown, images: string[] = []) => [
  ev.nodeRegistered('node-1', {}, images),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];

describe('images (lifecycle.md §8, pull back-off §7)', () => {
  it('EnsureImageExists: Never with the image absent → container never starts', () => {
    given(...bound(m.neverPull))
      .when(ev.started('app'))
      .thenRejected('image_never_pull');
    given(...bound(m.neverPull))
      .when(ev.pulled('app'))
      .thenRejected('pull_never');
  });

  it('EnsureImageExists: Never with the image on the node starts without a pull', () => {
    given(...bound(m.neverPull, ['registry.local/app:1.0']))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('EnsureImageExists: IfNotPresent pulls only when the image is absent from the node', () => {
    given(...bound(m.plain))
      .when(ev.started('app'))
      .thenRejected('image_absent');
    given(...bound(m.plain), ev.pulled('app'))
      .when(ev.started('app'))
      .thenAccepted();
    given(...bound(m.plain, ['docker.io/library/nginx:1.25']))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('EnsureImageExists: a pulled image is in the node cache for every later Pod', () => {
    const other = { ...m.plain, metadata: { name: 'other', namespace: 'default' } };
    given(
      ...bound(m.plain),
      ev.pulled('app'),
      ev.podCreated(other, 'u2'),
      ev.scheduled(),
      ev.sandboxReady('10.244.0.9'),
    )
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('EnsureImageExists: Always (an untagged image) pulls before every start, restarts included', () => {
    const gated = [
      ev.nodeRegistered('node-1', { disktype: 'ssd' }, ['nginx']),
      ev.podCreated(m.gated),
      ev.scheduled(),
      ev.sandboxReady(),
    ];
    given(...gated)
      .when(ev.started('app'))
      .thenRejected('image_not_pulled');
    given(...gated, ev.pulled('app'), ev.started('app'), ev.exited('app', 1))
      .when(ev.started('app'))
      .thenRejected('image_not_pulled');
  });

  it('EnsureImageExists: ErrImagePull, then a pull attempt inside the 10s back-off is refused (ImagePullBackOff)', () => {
    given(...bound(m.plain), ev.pullFailed('app'))
      .when(after(5, ev.pulled('app')))
      .thenRejected('pull_backoff');
    given(...bound(m.plain), ev.pullFailed('app'))
      .when(after(10, ev.pulled('app')))
      .thenAccepted();
  });

  it('EnsureImageExists: the pull back-off doubles to 20s after the second failure', () => {
    const twice = [...bound(m.plain), ev.pullFailed('app'), after(10, ev.pullFailed('app'))];
    given(...twice)
      .when(after(19, ev.pulled('app')))
      .thenRejected('pull_backoff');
    given(...twice)
      .when(after(20, ev.pulled('app')))
      .thenAccepted((o) => expect(o.container('app').ctx.pullError).toBeUndefined());
  });
});
