// The refusals of the kubelet's start and stop order (podRules startBlocker, initBlocker,
// exitBlocker): each names the upstream function and says what holds the container back, since
// that text is what `podstate` prints for a refused fact.
import type { Rejection } from '@podstate/core';
import { ev, given, builtInManifests as m, type Step } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';

const images = ['nginx:1.25', 'busybox:1.36', 'envoy:1.30', 'fluent-bit:3.0', 'postgres:16', 'python:3.12'];
const node = ev.nodeRegistered('node-1', {}, images);
const pod = (name: string, spec: Record<string, unknown>) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace: 'default' },
  spec,
});
const bound = (manifest: unknown, n = node): Step[] => [
  n,
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];
const expectRefusal = (r: Rejection, rule: string, text: string) => {
  expect(r.rule).toBe(rule);
  expect(r.message).toContain(text);
};

describe('computeInitContainerActions: init containers one at a time, in order', () => {
  it('init_not_completed and init_running name the init container in the way', () => {
    expectRefusal(
      given(...bound(m.initChain))
        .when(ev.started('migrate'))
        .thenRejected('init_not_completed'),
      'computeInitContainerActions',
      'init container "setup" has not completed',
    );
    expectRefusal(
      given(...bound(m.initChain))
        .when(ev.started('app'))
        .thenRejected('init_not_completed'),
      'computeInitContainerActions',
      'init container "setup" has not completed',
    );
    expectRefusal(
      given(...bound(m.initChain), ev.started('setup'))
        .when(ev.started('migrate'))
        .thenRejected('init_running'),
      'computeInitContainerActions',
      'init container "setup" is running: init containers run one at a time',
    );
  });

  it('sidecar_not_started: a sidecar with a startup probe holds back what follows until the probe passed', () => {
    expectRefusal(
      given(...bound(m.sidecars), ev.started('setup'), ev.exited('setup', 0), ev.started('proxy'))
        .when(ev.started('logger'))
        .thenRejected('sidecar_not_started'),
      'computeInitContainerActions',
      'sidecar "proxy" has not started (startup probe not yet passed)',
    );
    const plainSidecar = pod('sc', {
      initContainers: [{ name: 'log', image: 'fluent-bit:3.0', restartPolicy: 'Always' }],
      containers: [{ name: 'app', image: 'nginx:1.25' }],
    });
    const r = given(...bound(plainSidecar))
      .when(ev.started('app'))
      .thenRejected('sidecar_not_started');
    expect(r.message).toContain('sidecar "log" has not started');
    expect(r.message).not.toContain('startup probe');
  });
});

describe('startContainer: nothing else starts while a postStart hook runs', () => {
  it('poststart_running names the container whose hook runs', () => {
    expectRefusal(
      given(...bound(m.hooks), ev.started('web'))
        .when(ev.started('worker'))
        .thenRejected('poststart_running'),
      'startContainer',
      'container "web" is running its postStart hook; the kubelet starts nothing else until it returns',
    );
  });
});

describe('makeEnvironmentVariables and EnsureImageExists: what a start needs', () => {
  it('config_missing: CreateContainerConfigError, apply the object first', () => {
    const r = given(...bound(m.initSecret))
      .when(ev.started('wait-db'))
      .thenRejected('config_missing');
    expectRefusal(r, 'makeEnvironmentVariables', 'CreateContainerConfigError: ');
    expect(r.message).toContain('db-creds');
    expect(r.message).toContain(': apply the object first');
  });

  it('image_absent, image_not_pulled and image_never_pull name the image and the node', () => {
    expectRefusal(
      given(...bound(m.plain, ev.nodeRegistered('node-1', {}, [])))
        .when(ev.started('app'))
        .thenRejected('image_absent'),
      'EnsureImageExists',
      'image "nginx:1.25" is not present on node "node-1": pull it first (container.image.pulled)',
    );
    const always = pod('always', {
      containers: [{ name: 'app', image: 'nginx:1.25', imagePullPolicy: 'Always' }],
    });
    expectRefusal(
      given(...bound(always))
        .when(ev.started('app'))
        .thenRejected('image_not_pulled'),
      'EnsureImageExists',
      'imagePullPolicy Always: image "nginx:1.25" must be pulled before each start (container.image.pulled)',
    );
    expectRefusal(
      given(...bound(m.neverPull))
        .when(ev.started('app'))
        .thenRejected('image_never_pull'),
      'EnsureImageExists',
      'ErrImageNeverPull: Container image "registry.local/app:1.0" is not present with pull policy of Never',
    );
  });
});

describe('killContainersWithSyncResult: sidecars stop after the app containers, in reverse order', () => {
  const mesh = pod('mesh', {
    restartPolicy: 'Never',
    initContainers: [
      { name: 'a', image: 'nginx:1.25', restartPolicy: 'Always' },
      { name: 'b', image: 'nginx:1.25', restartPolicy: 'Always' },
    ],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  });
  const up = [...bound(mesh), ev.started('a'), ev.started('b'), ev.started('app'), ev.deletion(30)];

  it('sidecars_stop_last names the app containers still running; sidecar_stop_order the later sidecars', () => {
    expectRefusal(
      given(...up)
        .when(ev.exited('a', 0))
        .thenRejected('sidecars_stop_last'),
      'killContainersWithSyncResult',
      'sidecar "a" stops after the app containers ("app" still running)',
    );
    expectRefusal(
      given(...up, ev.exited('app', 0))
        .when(ev.exited('a', 0))
        .thenRejected('sidecar_stop_order'),
      'killContainersWithSyncResult',
      'sidecars stop in reverse order: "b" must stop before "a"',
    );
  });
});

describe('kubelet: a lost node reports nothing', () => {
  it('node_lost names the node and what ends it', () => {
    expectRefusal(
      given(...bound(m.plain), ev.started('app'), ev.nodeLost('node-1'))
        .when(ev.exited('app', 1))
        .thenRejected('node_lost'),
      'kubelet',
      'node "node-1" is lost: its kubelet cannot report until node.recovered',
    );
  });
});
