import type { EventType } from '../events/catalogue.js';

/**
 * One fact of a test scenario, without its time: `given`/`when` and the lifecycle generator
 * give each step a time. A Pod event without `stream` goes to the last Pod created.
 */
export interface Step {
  type: EventType;
  data: Record<string, unknown>;
  stream?: string;
  /** Seconds to wait before this step (default 1; 0 for the same instant). */
  after?: number;
}

const s = (type: EventType, data: Record<string, unknown> = {}, stream?: string): Step =>
  stream === undefined ? { type, data } : { type, data, stream };

/** Step builders named after the catalogue facts, for given/when/then tests. */
export const ev = {
  podCreated: (manifest: unknown, uid = 'u1') => s('pod.created', { manifest }, `pod/${uid}`),
  scheduled: (node = 'node-1') => s('pod.scheduled', { node }),
  gatesRemoved: (...gates: string[]) => s('pod.scheduling-gates.removed', { gates }),
  unschedulable: (message = '0/1 nodes are available') => s('pod.unschedulable', { message }),
  sandboxReady: (podIP = '10.244.0.5') => s('pod.sandbox.ready', { podIP }),
  sandboxFailed: (message = 'failed to create pod sandbox') => s('pod.sandbox.failed', { message }),
  sandboxDied: () => s('pod.sandbox.died'),
  gate: (conditionType: string, status: 'True' | 'False') =>
    s('pod.readiness-gate.changed', { conditionType, status }),
  deletion: (gracePeriodSeconds?: number) =>
    s('pod.deletion.requested', gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }),
  evicted: (reason: string, message: string) => s('pod.evicted', { reason, message }),
  removed: () => s('pod.removed'),
  pulling: (container: string) => s('container.image.pulling', { container }),
  pulled: (container: string) => s('container.image.pulled', { container }),
  pullFailed: (container: string, message = 'rpc error: code = NotFound desc = not found') =>
    s('container.image.pull.failed', { container, message }),
  created: (container: string) => s('container.created', { container }),
  started: (container: string) => s('container.started', { container }),
  postStartOk: (container: string) => s('container.poststart.succeeded', { container }),
  postStartFailed: (container: string, message = 'hook exited 1') =>
    s('container.poststart.failed', { container, message }),
  probeOk: (container: string, probe: 'startup' | 'readiness' | 'liveness') =>
    s('container.probe.succeeded', { container, probe }),
  probeFailed: (container: string, probe: 'startup' | 'readiness' | 'liveness') =>
    s('container.probe.failed', { container, probe }),
  exited: (container: string, exitCode = 0, extra: Record<string, unknown> = {}) =>
    s('container.exited', { container, exitCode, ...extra }),
  preStopDone: (container: string) => s('container.prestop.completed', { container }),
  nodeRegistered: (node: string, labels: Record<string, string> = {}, images?: string[]) =>
    s('node.registered', images === undefined ? { labels } : { labels, images }, `node/${node}`),
  nodeUpdated: (node: string, data: Record<string, unknown>) => s('node.updated', data, `node/${node}`),
  nodeLost: (node = 'node-1') => s('node.lost', {}, `node/${node}`),
  nodeRecovered: (node = 'node-1') => s('node.recovered', {}, `node/${node}`),
  secretApplied: (name: string, data: Record<string, string> = { key: 'dmFsdWU=' }, namespace = 'default') =>
    s('secret.applied', { namespace, name, data }, `secret/${namespace}/${name}`),
  secretDeleted: (name: string, namespace = 'default') =>
    s('secret.deleted', { namespace, name }, `secret/${namespace}/${name}`),
  configMapApplied: (name: string, data: Record<string, string> = { key: 'value' }, namespace = 'default') =>
    s('configmap.applied', { namespace, name, data }, `configmap/${namespace}/${name}`),
  configMapDeleted: (name: string, namespace = 'default') =>
    s('configmap.deleted', { namespace, name }, `configmap/${namespace}/${name}`),
  /** Lets `seconds` pass (a clock.advanced fact that many seconds after the previous step). */
  wait: (seconds: number): Step => ({ type: 'clock.advanced', data: {}, stream: 'cluster', after: seconds }),
};

/** The same step at the same instant as the previous one. */
export function now(step: Step): Step {
  return { ...step, after: 0 };
}

/** The same step `seconds` after the previous one. */
export function after(seconds: number, step: Step): Step {
  return { ...step, after: seconds };
}
