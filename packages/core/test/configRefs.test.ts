import { ev, given, builtInManifests as m } from '@podstate/core/testing';
import { describe, it } from 'vitest';

const bound = [
  ev.nodeRegistered('node-1', {}, ['nginx:1.25']),
  ev.podCreated(m.secrets),
  ev.scheduled(),
  ev.sandboxReady(),
];

describe('missing Secret / ConfigMap (volumes.md §5; lifecycle.md §9.1)', () => {
  it('secret.SetUpAt: a missing non-optional Secret volume blocks the start (FailedMount)', () => {
    given(...bound)
      .when(ev.started('app'))
      .thenRejected('volume_not_mounted');
  });

  it('makeEnvironmentVariables: a missing ConfigMap in env blocks the start (CreateContainerConfigError)', () => {
    given(...bound, ev.secretApplied('db-creds'))
      .when(ev.started('app'))
      .thenRejected('config_missing');
  });

  it('makeEnvironmentVariables: a missing key is named', () => {
    given(...bound, ev.secretApplied('db-creds'), ev.configMapApplied('app-config', { other: 'x' }))
      .when(ev.started('app'))
      .thenRejected('config_missing');
  });

  it('configMap.SetUpAt: once the objects are applied the container starts; the optional one may stay absent', () => {
    given(...bound, ev.secretApplied('db-creds'), ev.configMapApplied('app-config'))
      .when(ev.started('app'))
      .thenAccepted();
  });

  it('secret.SetUpAt: deleting the Secret again blocks the next start', () => {
    given(
      ...bound,
      ev.secretApplied('db-creds'),
      ev.configMapApplied('app-config'),
      ev.secretDeleted('db-creds'),
    )
      .when(ev.started('app'))
      .thenRejected('volume_not_mounted');
  });
});
