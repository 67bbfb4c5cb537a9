// An embedder's file, type-checked by typedEvents.test.ts under strict: each @ts-expect-error must
// be an error (an unused one fails the check), and everything else must compile.
import { type EventOf, type PodstateEvent, typedEvent } from '@podstate/core';

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
