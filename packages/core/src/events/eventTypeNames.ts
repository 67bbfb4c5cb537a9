/**
 * The names of catalogue v1's event types, in catalogue order, apart from their zod schemas
 * (catalogue.ts) so that replay, which trusts a CRC-checked log, loads no validator. catalogue.ts
 * does not compile unless its schemas cover exactly these names: add a new type to both.
 */
export const EVENT_TYPES = [
  'node.registered',
  'node.updated',
  'node.lost',
  'node.recovered',
  'secret.applied',
  'secret.deleted',
  'configmap.applied',
  'configmap.deleted',
  'clock.advanced',
  'pod.created',
  'pod.scheduling-gates.removed',
  'pod.scheduled',
  'pod.unschedulable',
  'pod.sandbox.ready',
  'pod.sandbox.failed',
  'pod.sandbox.died',
  'pod.readiness-gate.changed',
  'pod.metadata.updated',
  'pod.deletion.requested',
  'pod.evicted',
  'pod.removed',
  'container.image.pulling',
  'container.image.pulled',
  'container.image.pull.failed',
  'container.created',
  'container.started',
  'container.poststart.succeeded',
  'container.poststart.failed',
  'container.probe.succeeded',
  'container.probe.failed',
  'container.exited',
  'container.prestop.completed',
] as const;

/** Every event type of catalogue v1. */
export type EventType = (typeof EVENT_TYPES)[number];

const typeSet = new Set<string>(EVENT_TYPES);

/** True when `t` names an event of the catalogue. */
export function isEventType(t: string): t is EventType {
  return typeSet.has(t);
}
