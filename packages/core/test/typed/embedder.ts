// An embedder's file, type-checked by typedEvents.test.ts under strict: each @ts-expect-error must
// be an error (an unused one fails the check), and everything else must compile.
import {
  type containerMachine,
  type EventOf,
  type MachineEvent,
  type PodstateEvent,
  type podMachine,
  typedEvent,
} from '@podstate/core';
import type { ActorRefFrom } from 'xstate';

export const ok: PodstateEvent[] = [
  { type: 'container.exited', data: { container: 'app', exitCode: 1 } },
  { type: 'pod.scheduled', data: { node: 'node-1' } },
  typedEvent('container.probe.failed', { container: 'app', probe: 'readiness' }),
];

export function exitCodeOf(e: PodstateEvent): number | undefined {
  // Narrowing on type gives the exact data: no cast.
  if (e.type === 'container.exited') return e.data.exitCode;
  return undefined;
}

export const typoType: PodstateEvent = {
  // @ts-expect-error a mistyped event type is a compile error
  type: 'container.strated',
  data: { container: 'app' },
};

export const typoField: PodstateEvent = {
  type: 'container.exited',
  // @ts-expect-error a mistyped data field (exitcode) is a compile error
  data: { container: 'app', exitcode: 1 },
};

export const wrongType: EventOf<'container.exited'> = {
  type: 'container.exited',
  // @ts-expect-error a wrong-typed field is a compile error
  data: { container: 'app', exitCode: 'one' },
};

// @ts-expect-error a probe outside the catalogue's enum is a compile error
export const badProbe = typedEvent('container.probe.failed', { container: 'app', probe: 'ready' });

// @ts-expect-error a missing required field is a compile error
export const missing = typedEvent('pod.sandbox.ready', {});

// The machines take the same union with the event time (epoch ms): setup({ types }) types `send`.
declare const pod: ActorRefFrom<typeof podMachine>;
declare const container: ActorRefFrom<typeof containerMachine>;

export function drive(): void {
  pod.send({ type: 'pod.scheduled', time: 1000, data: { node: 'node-1' } });
  container.send({
    type: 'container.probe.failed',
    time: 2000,
    data: { container: 'app', probe: 'liveness' },
  });
  // @ts-expect-error a mistyped event type sent to the Pod machine is a compile error
  pod.send({ type: 'pod.schedueld', time: 1000, data: { node: 'node-1' } });
  // @ts-expect-error a mistyped data field sent to the Pod machine is a compile error
  pod.send({ type: 'pod.scheduled', time: 1000, data: { nodeName: 'node-1' } });
  // @ts-expect-error the container machine takes only container.* events
  container.send({ type: 'pod.scheduled', time: 1000, data: { node: 'node-1' } });
}

export function probeOf(e: MachineEvent): string | undefined {
  // Narrowing a machine event on its type gives the exact data: no cast.
  return e.type === 'container.probe.failed' ? e.data.probe : undefined;
}

// @ts-expect-error a machine event carries its time (epoch ms)
export const untimed: MachineEvent = { type: 'pod.removed', data: {} };
