import { containerMachine, createEngine, type EventInput, podMachine } from '@podstate/core';
import { type StateValueLike, stateKey } from '@podstate/core/internal';
import { ev, GIVEN_EPOCH, toEvents } from '@podstate/core/testing';
import { describe, expect, it } from 'vitest';
import { getShortestPaths, getSimplePaths } from 'xstate/graph';

// A Pod whose one app container has every feature the container machine branches on.
const manifest = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'cover', namespace: 'default' },
  spec: {
    containers: [
      {
        name: 'app',
        image: 'nginx:1.25',
        lifecycle: { postStart: { exec: { command: ['x'] } }, preStop: { exec: { command: ['y'] } } },
        startupProbe: { exec: { command: ['x'] } },
        livenessProbe: { exec: { command: ['x'] }, failureThreshold: 1 },
        readinessProbe: { exec: { command: ['x'] }, failureThreshold: 1 },
      },
    ],
  },
};
const prefixOf = (m: unknown) =>
  toEvents([ev.nodeRegistered('node-1', {}, ['nginx:1.25']), ev.podCreated(m)]);
const T = GIVEN_EPOCH + 60_000;
const at = (i: number) => new Date(T + i * 1000).toISOString();

function engineAfterPrefix(m: unknown = manifest) {
  const engine = createEngine();
  for (const e of prefixOf(m)) if (!engine.apply(e).ok) throw new Error(`prefix ${e.type} refused`);
  return engine;
}

// The Pod machine's paths run a gated restartPolicy Never Pod with a sidecar before an init
// container, so every start stage (sidecar in turn, init container in turn, apps) and both
// terminal phases are on them.
const stages = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'stages', namespace: 'default' },
  spec: {
    restartPolicy: 'Never',
    schedulingGates: [{ name: 'example.com/gate' }],
    initContainers: [
      { name: 'proxy', image: 'nginx:1.25', restartPolicy: 'Always' },
      { name: 'setup', image: 'nginx:1.25' },
    ],
    containers: [{ name: 'app', image: 'nginx:1.25' }],
  },
};
const podEvents = [
  { type: 'pod.scheduling-gates.removed', data: { gates: ['example.com/gate'] } },
  { type: 'pod.unschedulable', data: { message: '0/1 nodes are available' } },
  { type: 'pod.scheduled', data: { node: 'node-1' } },
  { type: 'pod.sandbox.failed', data: { message: 'x' } },
  { type: 'pod.sandbox.ready', data: { podIP: '10.244.0.5' } },
  { type: 'pod.sandbox.died', data: {} },
  { type: 'container.started', data: { container: 'proxy' } },
  { type: 'container.started', data: { container: 'setup' } },
  { type: 'container.exited', data: { container: 'setup', exitCode: 0 } },
  { type: 'container.started', data: { container: 'app' } },
  { type: 'container.exited', data: { container: 'app', exitCode: 0 } },
  { type: 'container.exited', data: { container: 'app', exitCode: 1 } },
  { type: 'container.exited', data: { container: 'proxy', exitCode: 0 } },
  { type: 'pod.deletion.requested', data: {} },
  { type: 'pod.evicted', data: { reason: 'Evicted', message: 'The node was low on resource: memory.' } },
  { type: 'pod.removed', data: {} },
].map((e) => ({ ...e, time: T }));

const containerEvents = [
  { type: 'container.image.pulling', data: { container: 'app' } },
  { type: 'container.image.pulled', data: { container: 'app' } },
  { type: 'container.image.pull.failed', data: { container: 'app', message: 'x' } },
  { type: 'container.created', data: { container: 'app' } },
  { type: 'container.started', data: { container: 'app' } },
  { type: 'container.poststart.succeeded', data: { container: 'app' } },
  { type: 'container.poststart.failed', data: { container: 'app', message: 'x' } },
  { type: 'container.probe.succeeded', data: { container: 'app', probe: 'startup' } },
  { type: 'container.probe.failed', data: { container: 'app', probe: 'startup' } },
  { type: 'container.probe.failed', data: { container: 'app', probe: 'liveness' } },
  { type: 'container.probe.succeeded', data: { container: 'app', probe: 'readiness' } },
  { type: 'container.probe.failed', data: { container: 'app', probe: 'readiness' } },
  { type: 'container.exited', data: { container: 'app', exitCode: 1 } },
].map((e) => ({ ...e, time: T }));
// The preStop hook completes only while the kubelet stops the container (after the liveness
// failure); elsewhere the Pod machine refuses it, so only the shortest paths use it.
// Every simple path is a lot of paths: those run the start, hooks, probes and exits only.
const simpleEvents = containerEvents.filter(
  (e) =>
    !e.type.startsWith('container.image.') &&
    e.type !== 'container.created' &&
    !(e.type === 'container.probe.failed' && e.data.probe === 'readiness'),
);
const preStopDone = { type: 'container.prestop.completed', data: { container: 'app' }, time: T };
// killPodWithSyncResult: the Pod's deletion stops a running container (running.stopping).
const deletion = { type: 'pod.deletion.requested', data: {}, time: T };

const leaves = (m: { root: { states: Record<string, unknown> } }) => {
  // Atomic states only: the regions of a parallel state have children of their own.
  const out: string[] = [];
  const walk = (n: { states: Record<string, unknown> }, path: string[]) => {
    const kids = Object.entries(n.states);
    if (kids.length === 0 && path.length > 0) out.push(path.join('.'));
    for (const [k, v] of kids) walk(v as { states: Record<string, unknown> }, [...path, k]);
  };
  walk(m.root, []);
  return out.sort();
};
const flat = (v: unknown): string => stateKey(v as StateValueLike);
const atomicOf = (keys: string[]) => [...new Set(keys.flatMap((k) => k.split(' | ')))].sort();

describe('chart coverage (xstate/graph)', () => {
  it('getShortestPaths: every state of the Pod machine is reached, and the engine replays each path to it', () => {
    const engine = engineAfterPrefix(stages);
    const input = { pod: engine.pods.get('u1')!.ctx, env: engine.env };
    const paths = getShortestPaths(podMachine, {
      input,
      events: podEvents,
      // The containers' states too: deleting a Pod whose container runs is another state than
      // deleting one whose containers never started.
      serializeState: (s) => `${flat(s.value)}:${s.context.pod.containers.map((c) => c.value).join(',')}`,
    });
    const reached = [...new Set(paths.map((p) => flat(p.state.value)))].sort();
    expect(reached).toEqual(leaves(podMachine));
    for (const p of paths) {
      const replayed = engineAfterPrefix(stages);
      p.steps.slice(1).forEach((s, i) => {
        const e: EventInput = { stream: 'pod/u1', type: s.event.type, time: at(i), data: s.event.data };
        const r = replayed.apply(e);
        if (!r.ok) throw new Error(`path to ${flat(p.state.value)}: ${r.rejection.message}`);
      });
      expect(replayed.pods.get('u1')?.value ?? 'removed').toBe(flat(p.state.value));
    }
  });

  const containerCtx = () => engineAfterPrefix().pods.get('u1')!.ctx.containers[0]!.ctx;
  for (const [name, gen, events] of [
    ['getShortestPaths', getShortestPaths, [...containerEvents, preStopDone, deletion]],
    [
      'getSimplePaths',
      getSimplePaths,
      simpleEvents.filter((e) => e.data.probe !== 'startup' || e.type !== 'container.probe.failed'),
    ],
  ] as const) {
    it(`${name}: every state of the container machine is reached, and the engine replays each path to it`, () => {
      const paths = gen(containerMachine, {
        input: containerCtx(),
        events,
        // The startup failures counted decide a startup kill, a back-off entry whether an exit ends
        // in CrashLoopBackOff, and the kill's cause which probes still apply: all part of the state.
        serializeState: (s) =>
          `${flat(s.value)}/${s.context.startupFailures}/${s.context.backoff !== undefined}/${s.context.kill === undefined ? '-' : (s.context.kill.probe ?? 'deletion')}`,
      });
      const reached = atomicOf(paths.map((p) => flat(p.state.value)));
      // imagePullBackOff is entered by the Pod (its next sync after a failed pull: showPullBackOff;
      // a Pod-mate's failed pull of the same image: sharePullOutcome), not by a container event;
      // createContainerConfigError, errImageNeverPull and invalidImageName by the Pod's sync too
      // (sync.config.failed, sync.image.neverPull, sync.image.invalid, never log events:
      // configSync.test.ts and imageSync.test.ts reach them through the engine).
      const all = leaves(containerMachine).filter(
        (l) =>
          !l.endsWith('.startup') &&
          !l.endsWith('.readiness') &&
          !l.endsWith('.kill') &&
          !l.endsWith('.imagePullBackOff') &&
          !l.endsWith('.createContainerConfigError') &&
          !l.endsWith('.errImageNeverPull') &&
          !l.endsWith('.invalidImageName'),
      );
      // The simple paths leave out the pulls, the create, readiness and startup failures, the
      // preStop completion and the deletion.
      const notOnSimplePaths =
        /^(waiting|terminated)\.(pullingImage|errImagePull|imagePulled|created)$|notReady$|sigtermSent$|stopping\.startup\.pending$/;
      expect(reached).toEqual(
        name === 'getShortestPaths' ? all : all.filter((l) => !notOnSimplePaths.test(l)),
      );
      for (const p of paths) {
        const replayed = engineAfterPrefix();
        const setup = [
          { type: 'pod.scheduled', data: { node: 'node-1' } },
          { type: 'pod.sandbox.ready', data: { podIP: '10.244.0.5' } },
        ];
        [...setup, ...p.steps.slice(1).map((s) => s.event)].forEach((s, i) => {
          const r = replayed.apply({ stream: 'pod/u1', type: s.type, time: at(i), data: s.data });
          if (!r.ok) throw new Error(`path to ${flat(p.state.value)}: ${r.rejection.message}`);
        });
        expect(replayed.pods.get('u1')!.ctx.containers[0]!.value).toBe(flat(p.state.value));
      }
    });
  }
});
