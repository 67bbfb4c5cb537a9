/**
 * Test-only: names the shape of a projected container status the way the upstream table
 * helpers do (runningState, waitingStateWithLastTermination, …), so a driven case can assert it
 * reached the upstream case's statuses, not just its answer.
 */
import { ev, type Step } from '@podstate/core/testing';
import type { ContainerStatus } from '@podstate/projections';
import { type ProjectedPod, podManifest } from './drive.js';

export type Shape =
  | 'running'
  | 'started'
  | 'waiting'
  | 'waitingLast0'
  | 'waitingLastNZ'
  | 'succeeded'
  | 'failed'
  | 'empty';

/** The upstream helper a status corresponds to; app containers ignore `started` as getPhase does. */
export function shapeOf(s: ContainerStatus, sidecar: boolean): Shape {
  const { running, waiting, terminated } = s.state;
  if (running) return sidecar && s.started === true ? 'started' : 'running';
  if (terminated) return terminated.exitCode === 0 ? 'succeeded' : 'failed';
  if (waiting) {
    const last = s.lastState.terminated;
    if (!last) return 'waiting';
    return last.exitCode === 0 ? 'waitingLast0' : 'waitingLastNZ';
  }
  return 'empty';
}

/** Shapes of every status of a projected Pod, by container name. */
export function shapes(pod: ProjectedPod): Record<string, Shape> {
  const sidecars = new Set(
    (pod.spec.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').map((c) => c.name),
  );
  const out: Record<string, Shape> = {};
  for (const s of [...(pod.status.initContainerStatuses ?? []), ...(pod.status.containerStatuses ?? [])])
    out[s.name] = shapeOf(s, sidecars.has(s.name));
  return out;
}

/** Every image the tables use, already on node-1 (IfNotPresent starts without a pull). */
export const node = ev.nodeRegistered('node-1', {}, ['busybox:1.36', 'nginx:1.25', 'envoy:1.30']);

const app = (name: string) => ({ name, image: 'nginx:1.25' });
/** A regular init container. */
export const init = (name: string) => ({ name, image: 'busybox:1.36' });
/** A sidecar; with `probe`, a startup probe keeps `started` false until it succeeds. */
export const sidecar = (name: string, probe = false) => ({
  name,
  image: 'envoy:1.30',
  restartPolicy: 'Always',
  ...(probe ? { startupProbe: { exec: { command: ['ok'] } } } : {}),
});

/** The upstream test Pod: containers A and B (or `containers`), the given init containers. */
export function testPod(
  restartPolicy: string,
  initContainers: unknown[] = [],
  containers = ['containerA', 'containerB'],
) {
  return podManifest('foo', {
    restartPolicy,
    ...(initContainers.length > 0 ? { initContainers } : {}),
    containers: containers.map(app),
  });
}

/** Node, Pod, binding and sandbox: the Pod is on node-1 and ready to start containers. */
export const bound = (manifest: unknown): Step[] => [
  node,
  ev.podCreated(manifest),
  ev.scheduled(),
  ev.sandboxReady(),
];

/** Starts and exits a container twice: the second exit is inside the crash-loop back-off. */
export const crashTwice = (name: string, exitCode: number): Step[] => [
  ev.started(name),
  ev.exited(name, exitCode),
  ev.started(name),
  ev.exited(name, exitCode),
];
