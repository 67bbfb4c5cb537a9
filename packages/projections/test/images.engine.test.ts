/**
 * The image manager's corners (pkg/kubelet/images/image_manager.go EnsureImageExists, pullImage,
 * evalCRIPullErr; pkg/util/parsers ParseImageName), driven through the engine and the status
 * projection: what `state.waiting` shows and which facts the kubelet could report next.
 */
import { after, ev } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { drive, podManifest, refusal } from './drive.js';
import { bound } from './shapes.js';

const waitingOf = (d: ReturnType<typeof drive>, name: string, now?: number) =>
  [...(d.pod(now).status.containerStatuses ?? [])].find((s) => s.name === name)!.state.waiting;

describe('image pulls (image_manager.go)', () => {
  it('evalCRIPullErr: RegistryUnavailable keeps its reason and names the image; ImagePullBackOff carries the last error', () => {
    // Given a container whose pull fails with the CRI's RegistryUnavailable error
    const m = podManifest('reg', { containers: [{ name: 'app', image: 'registry.example.com/app:1.0' }] });
    const failed = [
      ...bound(m),
      ev.pulling('app'),
      ev.pullFailed('app', 'RegistryUnavailable: dial tcp 10.0.0.9:443: i/o timeout'),
    ];
    const d = drive(failed);
    // Then at that instant the reason is RegistryUnavailable, with evalCRIPullErr's message
    expect(waitingOf(d, 'app')).toEqual({
      reason: 'RegistryUnavailable',
      message:
        'image pull failed for registry.example.com/app:1.0 because the registry is unavailable: dial tcp 10.0.0.9:443: i/o timeout',
    });
    expect(d.row().status).toBe('RegistryUnavailable');
    // And once time moves on inside the back-off, ImagePullBackOff wraps the last error
    expect(waitingOf(d, 'app', d.last + 1000)).toEqual({
      reason: 'ImagePullBackOff',
      message:
        'Back-off pulling image "registry.example.com/app:1.0": RegistryUnavailable: image pull failed for registry.example.com/app:1.0 because the registry is unavailable: dial tcp 10.0.0.9:443: i/o timeout',
    });
  });

  it('evalCRIPullErr: SignatureValidationFailed keeps its reason; any other CRI error is ErrImagePull with its text', () => {
    const m = podManifest('sig', { containers: [{ name: 'app', image: 'nginx:1.25' }] });
    const sig = drive([...bound(m), ev.pullFailed('app', 'SignatureValidationFailed: no trusted signature')]);
    expect(waitingOf(sig, 'app')).toEqual({
      reason: 'SignatureValidationFailed',
      message:
        'image pull failed for nginx:1.25 because the signature validation failed: no trusted signature',
    });
    const other = drive([...bound(m), ev.pullFailed('app', 'rpc error: code = NotFound desc = not found')]);
    expect(waitingOf(other, 'app')).toEqual({
      reason: 'ErrImagePull',
      message: 'rpc error: code = NotFound desc = not found',
    });
    expect(waitingOf(other, 'app', other.last + 1000)?.message).toBe(
      'Back-off pulling image "nginx:1.25": ErrImagePull: rpc error: code = NotFound desc = not found',
    );
  });

  it('pullImage: the back-off is keyed per Pod and image, so a second container of the image waits in ImagePullBackOff without a pull of its own', () => {
    // Given two containers of one Pod with the same image and a third with another image
    const m = podManifest('shared', {
      containers: [
        { name: 'a', image: 'registry.example.com/app:1.0' },
        { name: 'b', image: 'registry.example.com/app:1.0' },
        { name: 'c', image: 'registry.example.com/other:1.0' },
      ],
    });
    // When the pull for "a" fails
    const failed = [...bound(m), ev.pulling('a'), ev.pullFailed('a', 'rpc error: code = Unknown desc = 503')];
    const d = drive(failed);
    // Then "b" shows ImagePullBackOff at once, with the error of "a"'s pull, and "c" is untouched
    expect(waitingOf(d, 'a')?.reason).toBe('ErrImagePull');
    expect(waitingOf(d, 'b')).toEqual({
      reason: 'ImagePullBackOff',
      message:
        'Back-off pulling image "registry.example.com/app:1.0": ErrImagePull: rpc error: code = Unknown desc = 503',
    });
    expect(waitingOf(d, 'c')?.reason).toBe('ContainerCreating');
    // And "b" may not pull inside the shared back-off (10 s), "c" may
    expect(refusal([...failed, ev.pulling('b')])).toBe('pull_backoff');
    expect(refusal([...failed, ev.pulling('c')])).toBeUndefined();
    expect(refusal([...failed, after(10, ev.pulling('b'))])).toBeUndefined();
    // A successful pull of the image clears the other container's error: the image is on the node
    const pulled = drive([...failed, after(10, ev.pulling('a')), ev.pulled('a')]);
    expect(waitingOf(pulled, 'b')?.reason).toBe('ContainerCreating');
    expect(refusal([...failed, after(10, ev.pulling('a')), ev.pulled('a'), ev.started('b')])).toBeUndefined();
  });

  it('pullImage: containers of different Pods do not share a back-off', () => {
    const image = { containers: [{ name: 'app', image: 'registry.example.com/app:1.0' }] };
    const one = podManifest('one', image);
    const two = podManifest('two', image);
    const steps = [
      ...bound(one),
      ev.pullFailed('app'),
      ev.podCreated(two, 'u2'),
      ev.scheduled(),
      ev.sandboxReady(),
      ev.pulling('app'),
    ];
    expect(refusal(steps)).toBeUndefined();
  });
});

describe('images that do not parse (ParseImageName)', () => {
  it.each([
    ['ROOT', 'invalid reference format: repository name (library/ROOT) must be lowercase'],
    ['http://root', 'invalid reference format'],
    [
      'a'.repeat(64),
      `invalid repository name (${'a'.repeat(64)}), cannot specify 64-byte hexadecimal strings`,
    ],
  ])(
    'EnsureImageExists → applyDefaultImageTag: %s waits with InvalidImageName and is never pulled',
    (image, why) => {
      const m = podManifest('bad', { containers: [{ name: 'app', image }] });
      const d = drive(bound(m));
      expect(waitingOf(d, 'app')).toEqual({
        reason: 'InvalidImageName',
        message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${why}`,
      });
      expect(d.row().status).toBe('InvalidImageName');
      expect(refusal([...bound(m), ev.pulling('app')])).toBe('invalid_image_name');
      expect(refusal([...bound(m), ev.pulled('app')])).toBe('invalid_image_name');
      expect(refusal([...bound(m), ev.started('app')])).toBe('invalid_image_name');
    },
  );
});
