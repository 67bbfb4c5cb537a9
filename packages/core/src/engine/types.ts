import type { PodstateEvent } from '../events/eventTypes.js';
import type { Refusal } from '../machines/refusal.js';
import type { PodCtx, PodStateValue } from '../machines/types.js';

/** An event as the engine applies it: a RecordedEvent or a proposed one with its stream. */
export interface EventInput {
  stream: string;
  type: string;
  /** RFC 3339. */
  time: string;
  data: Record<string, unknown>;
  subject?: string;
  seq?: number;
}

/**
 * An event the engine accepted: a {@link PodstateEvent} (its `data` has its type's shape) with its
 * stream and RFC 3339 time, and its `seq` when it was read from a log. What a {@link Transition}
 * carries, so a projection narrows on `event.type` and reads typed `data`.
 */
export type AcceptedEvent = PodstateEvent & { stream: string; time: string; subject?: string; seq?: number };

/** A Pod's machine state and context. */
export interface PodState {
  value: PodStateValue;
  ctx: PodCtx;
}

/** What one accepted event did. */
export interface Transition {
  event: AcceptedEvent;
  /** Event time, ms. */
  time: number;
  /** The Pod the event concerned (pod and container events); undefined for cluster events. */
  uid?: string;
  before?: PodState;
  after?: PodState;
}

/** Why an event was refused (a coded {@link Refusal}) and the event itself: it changed nothing. */
export interface Rejection extends Refusal {
  event: EventInput;
}

export type ApplyResult = { ok: true; transition: Transition } | { ok: false; rejection: Rejection };

/** A Pod that was removed: what remains of it (memory stays bounded by the Pods alive). */
export interface RemovedPod {
  uid: string;
  namespace: string;
  name: string;
  phase?: 'Succeeded' | 'Failed';
  removedAt: number;
}
