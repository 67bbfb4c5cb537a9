// Image facts as the kubelet's image manager decides them (image_manager.go EnsureImageExists,
// pullImage; lifecycle.md §8): an image reference that does not parse, the error a failed pull
// records when the runtime gave none, and the pull back-off the Pod's containers share per image.
import { after, ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const bound = (manifest: unknown, images: string[] = []): Step[] => [
  ev.nodeRegistered('node-1', {}, images),
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];

describe('EnsureImageExists: an image reference that does not parse (InvalidImageName)', () => {
  it('neither a pull nor a start happens; the refusal carries applyDefaultImageTag’s error', () => {
    const bad = pod('bad', { containers: [{ name: 'app', image: 'Nginx:1.25' }] });
    for (const step of [ev.started('app'), ev.pulled('app')]) {
      const r = given(...bound(bad, ['nginx:1.25']))
        .when(step)
        .thenRejected('invalid_image_name');
      expect(r.rule).toBe('EnsureImageExists');
      expect(r.message).toContain(
        'InvalidImageName: Failed to apply default image tag "Nginx:1.25": couldn\'t parse image name "Nginx:1.25"',
      );
    }
  });
});

describe('pullImage: a failed pull', () => {
  it('without a message from the runtime records "failed to pull and unpack image"', () => {
    given(...bound(pod('pl', { containers: [{ name: 'app', image: 'nginx:1.25' }] })))
      .when({ type: 'container.image.pull.failed', data: { container: 'app' } })
      .thenAccepted((o) => {
        expect(o.container('app').ctx.pullError).toBe('failed to pull and unpack image "nginx:1.25"');
        expect(o.container('app').value).toBe('waiting.errImagePull');
      });
  });

  it('the back-off is keyed by Pod and image: a container with the same image shares it, and a later successful pull puts it back in line (forTurn)', () => {
    const two = pod('two', {
      initContainers: [{ name: 'a', image: 'busybox:1.36' }],
      containers: [{ name: 'b', image: 'busybox:1.36' }],
    });
    given(...bound(two))
      .when(ev.pullFailed('a'))
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.errImagePull');
        expect(o.container('b').value).toBe('waiting.imagePullBackOff');
      });
    given(...bound(two), ev.pullFailed('a'))
      .when(after(10, ev.pulled('a')))
      .thenAccepted((o) => {
        expect(o.container('a').value).toBe('waiting.imagePulled');
        expect(o.container('b').value).toBe('waiting.forTurn');
        expect(o.container('b').ctx.pullError).toBeUndefined();
      });
  });
});

describe('imagePullPrecheck: the image another Pod pulled onto the node during this Pod’s back-off', () => {
  // EnsureImageExists asks imagePullPrecheck first: under IfNotPresent a present image is used
  // without a pull, so the pull back-off (keyed by Pod and image) is never consulted; under Always
  // every start pulls, and the back-off holds.
  const web = (policy: string) =>
    pod('web', { containers: [{ name: 'a', image: 'busybox:1.36', imagePullPolicy: policy }] });
  const other = pod('other', {
    containers: [{ name: 'a', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
  });
  const failedThenPulledElsewhere = (policy: string): Step[] => [
    ...bound(web(policy)),
    ev.pullFailed('a'),
    ev.podCreated(other, 'u2'),
    ev.scheduled(),
    ev.sandboxReady('10.244.0.6'),
    ev.pulled('a'),
  ];
  const forWeb = (step: Step): Step => ({ ...step, stream: 'pod/u1' });

  it('IfNotPresent: the container starts inside its back-off once the image is on the node', () => {
    given(...failedThenPulledElsewhere('IfNotPresent'))
      .when(forWeb(ev.started('a')))
      .thenAccepted((o) => expect(o.container('a').value).not.toMatch(/^waiting/));
  });

  it('IfNotPresent: without that other pull the image is absent and the start is refused', () => {
    given(...bound(web('IfNotPresent')), ev.pullFailed('a'))
      .when(ev.started('a'))
      .thenRejected('image_absent');
  });

  it('Always: the start needs a pull, and the pull waits out the back-off (ImagePullBackOff)', () => {
    given(...failedThenPulledElsewhere('Always'))
      .when(forWeb(ev.pulled('a')))
      .thenRejected('pull_backoff');
  });
});
