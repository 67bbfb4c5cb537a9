// Lifecycles several test files start from: a node with the built-in manifests' images cached, and
// the hooks and sidecars Pods brought up to every container running.
import { ev, builtInManifests as m, type Step } from '@podstate/core/testing';

/** node-1 with the images of the hooks and sidecars manifests cached (and `extra` ones). */
export const cachedNode = (...extra: string[]): Step =>
  ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30', 'fluent-bit:3.0', ...extra]);

/** The hooks Pod with web (postStart done) and worker running. */
export const hooksUp = (node: Step = cachedNode()): Step[] => [
  node,
  ev.podCreated(m.hooks),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('web'),
  ev.postStartOk('web'),
  ev.started('worker'),
];

/** The sidecars Pod: setup done, proxy (startup passed) and logger up, app started. */
export const sidecarsUp = (node: Step = cachedNode()): Step[] => [
  node,
  ev.podCreated(m.sidecars),
  ev.scheduled(),
  ev.sandboxReady(),
  ev.started('setup'),
  ev.exited('setup'),
  ev.started('proxy'),
  ev.probeOk('proxy', 'startup'),
  ev.started('logger'),
  ev.started('app'),
];
