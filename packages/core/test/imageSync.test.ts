import { isErrImageNeverPullState, isInvalidImageNameState } from '@podstate/core';
import { after, ev, given, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

// ErrImageNeverPull and InvalidImageName are states of the container chart (issue 9): the kubelet's
// sync reaches a container's start (its turn) and EnsureImageExists, step 1 of startContainer, fails.
const podOf = (spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'api', namespace: 'default' },
  spec,
});
const never = (restartPolicy = 'Always', extra: Record<string, unknown> = {}) =>
  podOf({
    restartPolicy,
    containers: [{ name: 'app', image: 'registry.local/app:1.0', imagePullPolicy: 'Never', ...extra }],
  });
const typo = podOf({ containers: [{ name: 'app', image: 'ROOT' }] });
const bare = ev.nodeRegistered('node-1');
const cached = ev.nodeRegistered('node-1', {}, ['registry.local/app:1.0']);
const withImage = ev.nodeUpdated('node-1', { images: ['registry.local/app:1.0'] });
const withoutImage = ev.nodeUpdated('node-1', { images: [] });
const relabel: Step = { type: 'pod.metadata.updated', data: { labels: { synced: 'yes' } } };
const bound = (manifest: unknown, node: Step = bare): Step[] => [
  node,
  ev.podCreated(manifest),
  ev.scheduled(),
];
const neverPulling = [...bound(never()), ev.sandboxReady()];
const secretEnv = [{ name: 'DB_PASSWORD', valueFrom: { secretKeyRef: { name: 'db', key: 'password' } } }];

describe('kuberuntime_container.go startContainer → image_manager.go EnsureImageExists: ErrImageNeverPull is a state', () => {
  it('EnsureImageExists: imagePullPolicy Never and the image absent: the sync at its turn puts it in waiting.errImageNeverPull', () => {
    given(...bound(never()))
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.errImageNeverPull');
        expect(isErrImageNeverPullState(o.container('app').value)).toBe(true);
      });
  });

  it('SyncPod: before the sandbox the kubelet reaches no start: the container waits for its turn', () => {
    given(bare, ev.podCreated(never()))
      .when(ev.scheduled())
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });

  it('EnsureImageExists: a pull is refused (pull_never) and a start too (image_never_pull) while the image is absent', () => {
    given(...neverPulling)
      .when(ev.pulled('app'))
      .thenRejected('pull_never');
    given(...neverPulling)
      .when(ev.started('app'))
      .thenRejected('image_never_pull');
  });

  it('reasonCache: a node update that adds the image changes nothing until the next sync of the Pod, which leaves errImageNeverPull', () => {
    given(...neverPulling)
      .when(withImage)
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.errImageNeverPull'));
    given(...neverPulling, withImage)
      .when(relabel)
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });

  it('startContainer: once the image is on the node, a start from errImageNeverPull is accepted', () => {
    given(...neverPulling, withImage)
      .when(ev.started('app'))
      .thenAccepted((o) => expect(o.container('app').value).toMatch(/^running\.up/));
    given(...neverPulling, withImage)
      .when(ev.created('app'))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.created'));
  });

  it('startContainer order: EnsureImageExists before generateContainerConfig: the image error shows first, then in the sync that finds the image the config error', () => {
    const both = never('Always', { env: secretEnv });
    given(...bound(both))
      .when(ev.sandboxReady())
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.errImageNeverPull'));
    given(...bound(both), ev.sandboxReady(), withImage)
      .when(relabel)
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.createContainerConfigError');
        expect(o.container('app').ctx.configError).toBe('secret "db" not found');
      });
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: the deletion leaves errImageNeverPull', () => {
    given(...neverPulling)
      .when(ev.deletion(30))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });

  it('computeInitContainerActions: an init container under Never without its image is in errImageNeverPull, the app waits for its turn', () => {
    const init = podOf({
      initContainers: [{ name: 'migrate', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' }],
      containers: [{ name: 'app', image: 'registry.local/app:1.0', imagePullPolicy: 'Never' }],
    });
    given(...bound(init))
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('migrate').value).toBe('waiting.errImageNeverPull');
        expect(o.container('app').value).toBe('waiting.forTurn');
      });
  });
});

describe('doBackOff then startContainer → EnsureImageExists: a restart whose image went from the node', () => {
  // Runs once with the image on the node, which the node then loses; the container exits 1 under OnFailure.
  const ran = [...bound(never('OnFailure'), cached), ev.sandboxReady(), ev.started('app'), withoutImage];

  it('doBackOff → startContainer: the restart due at its exit fails: terminated.errImageNeverPull, the attempt counted by the crash-loop back-off', () => {
    given(...ran)
      .when(ev.exited('app', 1))
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('terminated.errImageNeverPull');
        expect(o.container('app').ctx.backoff?.delay).toBe(10_000);
      });
  });

  it('doBackOff: once the image is back, the restart waits for the back-off the failed attempt started (crashloop_backoff), then starts', () => {
    const failed = [...ran, ev.exited('app', 1), withImage];
    given(...failed)
      .when(after(2, ev.started('app')))
      .thenRejected('crashloop_backoff');
    given(...failed)
      .when(after(2, relabel))
      .thenAccepted((o) => expect(o.container('app').value).toBe('terminated.crashLoopBackOff'));
    given(...failed)
      .when(after(10, ev.started('app')))
      .thenAccepted((o) => {
        expect(o.container('app').value).toMatch(/^running\.up/);
        expect(o.container('app').ctx.restartCount).toBe(1);
      });
  });

  it('ShouldContainerBeRestarted: a container that exited under restartPolicy Never is not started again: no errImageNeverPull', () => {
    const once = [...bound(never('Never'), cached), ev.sandboxReady(), ev.started('app'), withoutImage];
    given(...once)
      .when(ev.exited('app', 1))
      .thenAccepted((o) => expect(o.container('app').value).toBe('terminated.exited'));
  });
});

describe('image_manager.go EnsureImageExists → applyDefaultImageTag: InvalidImageName is a state', () => {
  it('applyDefaultImageTag: an image name that does not parse puts the container in waiting.invalidImageName at its turn, with the parse error', () => {
    given(...bound(typo))
      .when(ev.sandboxReady())
      .thenAccepted((o) => {
        expect(o.container('app').value).toBe('waiting.invalidImageName');
        expect(isInvalidImageNameState(o.container('app').value)).toBe(true);
        expect(o.container('app').ctx.imageError).toMatch(/^Failed to apply default image tag "ROOT": /);
      });
  });

  it('EnsureImageExists: it is never pulled or started (invalid_image_name), and later syncs keep it', () => {
    const invalid = [...bound(typo), ev.sandboxReady()];
    given(...invalid)
      .when(ev.pulling('app'))
      .thenRejected('invalid_image_name');
    given(...invalid)
      .when(ev.started('app'))
      .thenRejected('invalid_image_name');
    given(...invalid)
      .when(relabel)
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.invalidImageName'));
  });

  it('ShouldContainerBeRestarted is false once deletionTimestamp is set: the deletion leaves invalidImageName', () => {
    given(...bound(typo), ev.sandboxReady())
      .when(ev.deletion(30))
      .thenAccepted((o) => expect(o.container('app').value).toBe('waiting.forTurn'));
  });
});
