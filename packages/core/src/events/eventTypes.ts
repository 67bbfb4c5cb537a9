import type { EventData, EventType } from './catalogue.js';

/**
 * The event catalogue as a type map: event type → the shape of its `data`, derived from the zod
 * schemas of catalogue.ts (the single source). `setup({ types: { events: {} as PodstateEvent } })`,
 * the engine, the auto-driver and the projections take their event types from here.
 */
export type EventMap = { [T in EventType]: EventData<T> };

/**
 * One event of the catalogue: a discriminated union on `type`, so narrowing on `type` gives the
 * exact `data`, and a mistyped type or data field is a compile error for an embedder.
 * @example const e: PodstateEvent = { type: 'container.exited', data: { container: 'app', exitCode: 1 } };
 */
export type PodstateEvent = { [T in EventType]: { type: T; data: EventMap[T] } }[EventType];

/** The member of {@link PodstateEvent} with type `T`. */
export type EventOf<T extends EventType> = Extract<PodstateEvent, { type: T }>;

/**
 * A typed event as proposed to the engine or a log: a {@link PodstateEvent} with its stream and
 * RFC 3339 time (what `engine.apply` and `podstate append` take).
 */
export type TypedEventInput = PodstateEvent & { stream: string; time: string; subject?: string };

/**
 * Builds a typed event; only the catalogue's types and data shapes compile. Pure.
 * @example const e = typedEvent('pod.scheduled', { node: 'node-1' });
 */
export function typedEvent<T extends EventType>(type: T, data: EventMap[T]): EventOf<T> {
  return { type, data } as EventOf<T>;
}

/**
 * The container a container event (`container.*`) names in `data.container`; undefined for any
 * other event. Pure.
 * @example containerOf({ type: 'container.started', data: { container: 'app' } }) // 'app'
 */
export function containerOf(e: PodstateEvent): string | undefined {
  return 'container' in e.data ? e.data.container : undefined;
}
