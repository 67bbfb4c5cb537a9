import type { EventType } from '../events/eventTypeNames.js';
import type { EventMap } from '../events/eventTypes.js';

/**
 * An event as the machines receive it: a discriminated union on `type`, derived from the event
 * catalogue (`type` → the shape of its `data`), with the event's time in epoch milliseconds. The
 * engine fills one from each accepted event; an embedder driving `createActor(podMachine)` writes
 * them directly, and a mistyped `type` or data field is a compile error.
 * @example const e: MachineEvent = { type: 'container.exited', time: 0, data: { container: 'app', exitCode: 1 } };
 */
export type MachineEvent = { [T in EventType]: { type: T; time: number; data: EventMap[T] } }[EventType];

/** The member of {@link MachineEvent} with type `T` (or one of the types `T`). */
export type MachineEventOf<T extends EventType> = Extract<MachineEvent, { type: T }>;

/** The container events (`container.*`): the events the container machine takes; each names its container in `data.container`. */
export type ContainerEvent = MachineEventOf<Extract<EventType, `container.${string}`>>;

/**
 * What the kubelet's sync of the Pod found when it came to start a container whose turn it is
 * (SyncPod → startContainer), in startContainer's order. Step 1, EnsureImageExists:
 * `sync.image.invalid` when the image name does not parse (applyDefaultImageTag, InvalidImageName),
 * `sync.image.neverPull` when the image is absent under imagePullPolicy Never (ErrImageNeverPull),
 * `sync.image.resolved` when the image is there again. Step 2, once the image is present,
 * generateContainerConfig: `sync.config.failed` when makeEnvironmentVariables cannot resolve its
 * env (a missing Secret/ConfigMap or key, the CreateContainerConfigError message),
 * `sync.config.resolved` when it can again. The Pod machine sends them to its container machines
 * after each accepted Pod event (the log has no "sync" fact: the Pod's next event is the kubelet's
 * next sync); they are never log events.
 */
export type ContainerSyncEvent =
  | { type: 'sync.image.invalid'; time: number; data: { container: string } }
  | { type: 'sync.image.neverPull'; time: number; data: { container: string } }
  | { type: 'sync.image.resolved'; time: number; data: { container: string } }
  | { type: 'sync.config.failed'; time: number; data: { container: string; message: string } }
  | { type: 'sync.config.resolved'; time: number; data: { container: string } };

/**
 * The events the container machine takes: the container events; the Pod's deletion, which
 * starts killContainer for every running container (killPodWithSyncResult), sent by the Pod
 * machine with the grace CheckGracefulDelete gave (`data.gracePeriodSeconds`); and the outcome of
 * the kubelet's sync of its config ({@link ContainerSyncEvent}).
 */
export type ContainerMachineEvent =
  | ContainerEvent
  | MachineEventOf<'pod.deletion.requested'>
  | ContainerSyncEvent;

/** The probe events: one probe execution's result for `data.probe` (startup, readiness or liveness). */
export type ProbeEvent = MachineEventOf<'container.probe.succeeded' | 'container.probe.failed'>;

/** A container event (`container.*`), narrowed so that `data.container` is typed. Pure. */
export function isContainerEvent(e: MachineEvent): e is ContainerEvent {
  // Two characters tell the catalogue's container.* types from all others ('c' first and 't'
  // fourth: clock.* and configmap.* differ at the fourth); replay runs this on every container
  // event, and events.test.ts checks it against startsWith('container.') for every type.
  const t = e.type;
  return t.charCodeAt(0) === 99 && t.charCodeAt(3) === 116;
}

/** Which probe a probe event reports, or undefined for any other event. Pure. */
export function probeOf(e: ContainerMachineEvent): ProbeEvent['data']['probe'] | undefined {
  return e.type === 'container.probe.succeeded' || e.type === 'container.probe.failed'
    ? e.data.probe
    : undefined;
}
