import type { Engine, PodState, Transition } from '@podstate/core';
import {
  containerOf,
  isContainersState,
  isCreateContainerConfigErrorState,
  isErrImageNeverPullState,
  isInBackOffSinceUpdate,
  isSandboxState,
  isWaitingState,
  unmountableVolume,
} from '@podstate/core/views';
import { imagePullBackOffMessage } from '../kube/kubeletMessages.js';
import type { KubeEvent } from '../kube/types.js';
import { containerStatusOf } from '../status/containerStatuses.js';
import { containerEvents, fieldPathOf } from './containerEvents.js';
import { EventSources, NODE_NOT_READY_MESSAGE, startErrorMessage } from './eventMessages.js';
import { type EmittedEvent, EventRecorder } from './eventRecorder.js';
import { podEvents } from './podEvents.js';

const SEP = '\u0000';

/** TimelineProjection's state as JSON. */
export interface TimelineSnapshot {
  events: [uid: string, events: KubeEvent[]][];
  pullingSince: [string, number][];
  pullBackOffDue: [string, number][];
  startErrors: [string, string][];
  mountErrors: [string, string][];
}

/**
 * The Kubernetes Events a cluster would record for the facts in the log, folded over the engine's
 * transitions: scheduler, kubelet (images, containers, probes, hooks, sandbox, mounts, back-off),
 * node lifecycle and taint-eviction controllers. Repeats are correlated as client-go's recorder
 * does (count, firstTimestamp, lastTimestamp). Deterministic: time comes only from the events.
 *
 * @example
 * const timeline = new TimelineProjection();
 * foldEvent(engine, e, [status, timeline]); // each accepted event, see fold/
 * describePod(pod, timeline.events(uid), now);
 */
export class TimelineProjection {
  private recorder = new EventRecorder();
  /** `uid\0container` → when its pull was announced (Pulling). */
  private readonly pullingSince = new Map<string, number>();
  /** `uid\0container` → time of a failed pull whose back-off has not been reported yet. */
  private readonly pullBackOffDue = new Map<string, number>();
  /** `uid\0container` → the start error last reported (ErrImageNeverPull, CreateContainerConfigError). */
  private readonly startErrors = new Map<string, string>();
  /** uid → the FailedMount message last reported. */
  private readonly mountErrors = new Map<string, string>();

  /** What the fold holds, as plain JSON (a checkpoint stores it). Not for the hot path. */
  snapshot(): TimelineSnapshot {
    return {
      events: this.recorder.snapshot(),
      pullingSince: [...this.pullingSince],
      pullBackOffDue: [...this.pullBackOffDue],
      startErrors: [...this.startErrors],
      mountErrors: [...this.mountErrors],
    };
  }

  /** A projection holding what `snapshot` returned (the fold then goes on from there). */
  static restore(snapshot: TimelineSnapshot): TimelineProjection {
    const p = new TimelineProjection();
    p.recorder = EventRecorder.restore(snapshot.events);
    for (const [k, v] of snapshot.pullingSince) p.pullingSince.set(k, v);
    for (const [k, v] of snapshot.pullBackOffDue) p.pullBackOffDue.set(k, v);
    for (const [k, v] of snapshot.startErrors) p.startErrors.set(k, v);
    for (const [k, v] of snapshot.mountErrors) p.mountErrors.set(k, v);
    return p;
  }

  /** Folds one accepted transition (call after `engine.apply` accepted it). */
  apply(engine: Engine, t: Transition): void {
    this.reportPullBackOff(engine, t.time);
    const type = t.event.type;
    if (t.uid === undefined) {
      if (type === 'node.lost') this.nodeNotReady(engine, t);
      if (/^(secret|configmap)\.|^node\.(updated|recovered)$/.test(type)) {
        for (const [uid, pod] of engine.pods) this.reportStatusErrors(engine, uid, pod, t.time);
      }
      return;
    }
    const uid = t.uid;
    if (t.after === undefined || t.after.value === 'removed') {
      this.forget(uid);
      return;
    }
    if (t.before === undefined) return; // pod.created: no Event (the API server records none for a Pod)
    const emitted = type.startsWith('container.')
      ? containerEvents(t, t.before, t.after, this.pullingSince.get(`${uid}${SEP}${containerOf(t.event)}`))
      : podEvents(engine, t, t.before, t.after);
    for (const e of emitted) this.recorder.record(uid, e, t.time);
    this.trackPulls(uid, t);
    this.reportStatusErrors(engine, uid, t.after, t.time);
  }

  /** The Pod's Events (copies), in the order first recorded; `describePod` sorts them. */
  events(uid: string): KubeEvent[] {
    return this.recorder.events(uid);
  }

  private record(uid: string, e: EmittedEvent, time: number): void {
    this.recorder.record(uid, e, time);
  }

  private trackPulls(uid: string, t: Transition): void {
    const key = `${uid}${SEP}${containerOf(t.event)}`;
    switch (t.event.type) {
      case 'container.image.pulling':
        this.pullingSince.set(key, t.time);
        break;
      case 'container.image.pull.failed':
        this.pullingSince.delete(key);
        this.pullBackOffDue.set(key, t.time);
        break;
      case 'container.image.pulled':
      case 'container.started':
        this.pullingSince.delete(key);
        this.pullBackOffDue.delete(key);
        break;
    }
  }

  // EnsureImageExists during the pull back-off: BackOff, then startContainer's `Error: ImagePullBackOff`.
  // The kubelet's next sync after the failure is the first moment event time moves on.
  private reportPullBackOff(engine: Engine, time: number): void {
    for (const [key, failedAt] of this.pullBackOffDue) {
      if (time <= failedAt) continue;
      this.pullBackOffDue.delete(key);
      const [uid, name] = key.split(SEP) as [string, string];
      const pod = engine.pods.get(uid);
      const i = pod?.ctx.byName[name];
      if (pod === undefined || i === undefined) continue;
      const s = pod.ctx.containers[i]!;
      if (s.ctx.pullFailedAt !== failedAt || !isInBackOffSinceUpdate(s.ctx.pullBackoff, time)) continue;
      if (pod.ctx.deletion !== undefined || engine.env.nodes.get(pod.ctx.node ?? '')?.lost) continue;
      const base = { source: EventSources.kubelet, fieldPath: fieldPathOf(s) };
      this.record(
        uid,
        { ...base, type: 'Normal', reason: 'BackOff', message: imagePullBackOffMessage(s.ctx.image) },
        time,
      );
      this.record(
        uid,
        { ...base, type: 'Warning', reason: 'Failed', message: startErrorMessage('ImagePullBackOff') },
        time,
      );
    }
  }

  // Errors the kubelet meets while syncing a Pod with a sandbox, read from the Pod's state:
  // FailedMount (volume manager), ErrImageNeverPull, InvalidImageName and CreateContainerConfigError (startContainer).
  private reportStatusErrors(engine: Engine, uid: string, pod: PodState, time: number): void {
    // SyncPod waits for the volumes before the sandbox: a bound Pod without one reports FailedMount too.
    const waitsForVolumes = isSandboxState(pod.value) && !engine.env.nodes.get(pod.ctx.node!)?.lost;
    if (!waitsForVolumes && (!isContainersState(pod.value) || pod.ctx.podIP === undefined)) return;
    const mount = unmountableVolume(pod.ctx.pod, engine.env);
    if (mount === undefined) this.mountErrors.delete(uid);
    else if (this.mountErrors.get(uid) !== mount) {
      this.mountErrors.set(uid, mount);
      this.record(
        uid,
        { type: 'Warning', reason: 'FailedMount', message: mount, source: EventSources.kubelet },
        time,
      );
    }
    if (waitsForVolumes) return;
    for (const s of pod.ctx.containers) {
      const key = `${uid}${SEP}${s.ctx.name}`;
      // A restart whose start failed shows its reason too (terminated.createContainerConfigError,
      // terminated.errImageNeverPull).
      if (
        !isWaitingState(s.value) &&
        !isCreateContainerConfigErrorState(s.value) &&
        !isErrImageNeverPullState(s.value)
      ) {
        this.startErrors.delete(key);
        continue;
      }
      const waiting = containerStatusOf(pod.ctx, s, time).state.waiting;
      const reason = waiting?.reason;
      if (
        reason !== 'ErrImageNeverPull' &&
        reason !== 'CreateContainerConfigError' &&
        reason !== 'InvalidImageName'
      ) {
        this.startErrors.delete(key);
        continue;
      }
      const seen = `${reason}${SEP}${waiting?.message ?? ''}`;
      if (this.startErrors.get(key) === seen) continue;
      this.startErrors.set(key, seen);
      const base = { source: EventSources.kubelet, fieldPath: fieldPathOf(s) };
      if (reason === 'ErrImageNeverPull' || reason === 'InvalidImageName') {
        // EnsureImageExists logs ErrImageNeverPull, or InspectFailed for an image that does not parse.
        const event = reason === 'InvalidImageName' ? 'InspectFailed' : reason;
        this.record(uid, { ...base, type: 'Warning', reason: event, message: waiting?.message ?? '' }, time);
        this.record(
          uid,
          { ...base, type: 'Warning', reason: 'Failed', message: startErrorMessage(reason) },
          time,
        );
      } else {
        this.record(
          uid,
          { ...base, type: 'Warning', reason: 'Failed', message: startErrorMessage(waiting?.message ?? '') },
          time,
        );
      }
    }
  }

  // MarkPodsNotReady: every Pod bound to the node gets Ready=False and a NodeNotReady Event.
  private nodeNotReady(engine: Engine, t: Transition): void {
    const node =
      (t.event.type === 'node.lost' ? t.event.data.node : undefined) ?? t.event.stream.slice('node/'.length);
    for (const [uid, pod] of engine.pods) {
      if (pod.ctx.node !== node || pod.ctx.terminalPhase !== undefined) continue;
      this.record(
        uid,
        {
          type: 'Warning',
          reason: 'NodeNotReady',
          message: NODE_NOT_READY_MESSAGE,
          source: EventSources.nodeController,
        },
        t.time,
      );
    }
  }

  private forget(uid: string): void {
    this.recorder.forget(uid);
    this.mountErrors.delete(uid);
    for (const m of [this.pullingSince, this.pullBackOffDue, this.startErrors]) {
      for (const k of m.keys()) if (k.startsWith(`${uid}${SEP}`)) m.delete(k);
    }
  }
}
