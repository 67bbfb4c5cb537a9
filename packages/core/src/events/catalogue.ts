import { z } from 'zod';
import type { EventType } from './eventTypeNames.js';

export { EVENT_TYPES, type EventType, isEventType } from './eventTypeNames.js';

const name = z.string().min(1);
const labels = z.record(z.string(), z.string());
const container = { container: name };
const probe = z.enum(['startup', 'readiness', 'liveness']);

/**
 * The event catalogue v1 (docs/events.md): every fact podstate records, with the schema of its `data`.
 * Schemas validate untrusted input only; replay of a CRC-checked log trusts it.
 */
export const eventDataSchemas = {
  'node.registered': z.strictObject({
    node: name.optional(),
    labels: labels.optional(),
    images: z.array(name).optional(),
  }),
  'node.updated': z.strictObject({
    node: name.optional(),
    labels: labels.optional(),
    images: z.array(name).optional(),
  }),
  'node.lost': z.strictObject({ node: name.optional() }),
  'node.recovered': z.strictObject({ node: name.optional() }),
  'secret.applied': z.strictObject({
    namespace: name.optional(),
    name: name.optional(),
    type: z.string().optional(),
    data: z.record(z.string(), z.string()).optional(),
  }),
  'secret.deleted': z.strictObject({ namespace: name.optional(), name: name.optional() }),
  'configmap.applied': z.strictObject({
    namespace: name.optional(),
    name: name.optional(),
    data: z.record(z.string(), z.string()).optional(),
    binaryData: z.record(z.string(), z.string()).optional(),
  }),
  'configmap.deleted': z.strictObject({ namespace: name.optional(), name: name.optional() }),
  'clock.advanced': z.strictObject({}),
  'pod.created': z.strictObject({
    manifest: z.looseObject({ metadata: z.looseObject({ name }), spec: z.looseObject({}) }),
  }),
  'pod.scheduling-gates.removed': z.strictObject({ gates: z.array(name).min(1) }),
  'pod.scheduled': z.strictObject({ node: name }),
  'pod.unschedulable': z.strictObject({ message: z.string() }),
  'pod.sandbox.ready': z.strictObject({ podIP: name, hostIP: name.optional() }),
  'pod.sandbox.failed': z.strictObject({ message: z.string() }),
  'pod.sandbox.died': z.strictObject({}),
  'pod.readiness-gate.changed': z.strictObject({ conditionType: name, status: z.enum(['True', 'False']) }),
  // The Pod's labels and/or annotations after an update (metadata is mutable on a running Pod);
  // each map given replaces the old one whole, a map left out stays as it was.
  'pod.metadata.updated': z.strictObject({
    labels: labels.optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  'pod.deletion.requested': z.strictObject({ gracePeriodSeconds: z.number().int().optional() }),
  'pod.evicted': z.strictObject({ reason: z.string().optional(), message: z.string().optional() }),
  'pod.removed': z.strictObject({}),
  'container.image.pulling': z.strictObject(container),
  'container.image.pulled': z.strictObject({ ...container, imageID: z.string().optional() }),
  'container.image.pull.failed': z.strictObject({ ...container, message: z.string().optional() }),
  'container.created': z.strictObject(container),
  'container.started': z.strictObject({ ...container, containerID: z.string().optional() }),
  'container.poststart.succeeded': z.strictObject(container),
  'container.poststart.failed': z.strictObject({ ...container, message: z.string().optional() }),
  'container.probe.succeeded': z.strictObject({ ...container, probe }),
  'container.probe.failed': z.strictObject({ ...container, probe, message: z.string().optional() }),
  'container.exited': z.strictObject({
    ...container,
    exitCode: z.number().int(),
    signal: z.number().int().optional(),
    reason: z.string().optional(),
    message: z.string().optional(),
  }),
  'container.prestop.completed': z.strictObject(container),
} as const satisfies Record<EventType, z.ZodType>;

// The schemas name no type that eventTypeNames.ts lacks (satisfies checks the other direction).
const noExtraSchemas: readonly EventType[] = Object.keys(
  eventDataSchemas,
) as (keyof typeof eventDataSchemas)[];
void noExtraSchemas;

/** The `data` of an event of type T. */
export type EventData<T extends EventType> = z.infer<(typeof eventDataSchemas)[T]>;

/**
 * Which stream kind each event family belongs to.
 * @internal
 */
export function streamKindOf(type: EventType): 'node' | 'secret' | 'configmap' | 'cluster' | 'pod' {
  if (type.startsWith('node.')) return 'node';
  if (type.startsWith('secret.')) return 'secret';
  if (type.startsWith('configmap.')) return 'configmap';
  if (type === 'clock.advanced') return 'cluster';
  return 'pod';
}
