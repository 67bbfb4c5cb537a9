import { formatRFC3339 } from '../kube/time.js';
import type { KubeEvent } from '../kube/types.js';

/** One event as a component emits it, before the recorder correlates repeats. */
export interface EmittedEvent {
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  source: string;
  /** `involvedObject.fieldPath`, e.g. `spec.containers{app}`; absent for Pod-level events. */
  fieldPath?: string;
}

/** What makes two Events the same one (eventObserve's key, fieldPath included). */
function keyOf(source: string, fieldPath: string | undefined, type: string, reason: string, message: string) {
  return `${source}\u0000${fieldPath ?? ''}\u0000${type}\u0000${reason}\u0000${message}`;
}

/**
 * client-go's event logger (tools/record/events_cache.go eventObserve): an event identical to an
 * earlier one for the same object (source, involvedObject incl. fieldPath, type, reason, message)
 * is not created again; the existing Event's `count` grows and its `lastTimestamp` moves on, while
 * `firstTimestamp` stays. Deterministic: times are event times (ms).
 */
export class EventRecorder {
  private readonly byPod = new Map<string, { list: KubeEvent[]; index: Map<string, KubeEvent> }>();

  /** Every Pod's Events as plain JSON (a checkpoint stores them). Not for the hot path. */
  snapshot(): [uid: string, events: KubeEvent[]][] {
    return [...this.byPod.keys()].map((uid) => [uid, this.events(uid)]);
  }

  /** A recorder holding what `snapshot` returned. */
  static restore(snapshot: [uid: string, events: KubeEvent[]][]): EventRecorder {
    const r = new EventRecorder();
    for (const [uid, events] of snapshot) {
      const pod = { list: [] as KubeEvent[], index: new Map<string, KubeEvent>() };
      for (const e of events) {
        const copy = { ...e, ...(e.involvedObject ? { involvedObject: { ...e.involvedObject } } : {}) };
        pod.list.push(copy);
        pod.index.set(
          keyOf(copy.source, copy.involvedObject?.fieldPath, copy.type, copy.reason, copy.message),
          copy,
        );
      }
      r.byPod.set(uid, pod);
    }
    return r;
  }

  /** Records `e` for the Pod `uid` at `time`. */
  record(uid: string, e: EmittedEvent, time: number): void {
    let pod = this.byPod.get(uid);
    if (pod === undefined) {
      pod = { list: [], index: new Map() };
      this.byPod.set(uid, pod);
    }
    const key = keyOf(e.source, e.fieldPath, e.type, e.reason, e.message);
    const at = formatRFC3339(time);
    const seen = pod.index.get(key);
    if (seen !== undefined) {
      seen.count++;
      seen.lastTimestamp = at;
      return;
    }
    const created: KubeEvent = {
      type: e.type,
      reason: e.reason,
      message: e.message,
      source: e.source,
      firstTimestamp: at,
      lastTimestamp: at,
      count: 1,
      ...(e.fieldPath !== undefined ? { involvedObject: { fieldPath: e.fieldPath } } : {}),
    };
    pod.list.push(created);
    pod.index.set(key, created);
  }

  /** The Pod's Events in the order they were first recorded (copies: callers cannot change the fold). */
  events(uid: string): KubeEvent[] {
    return (this.byPod.get(uid)?.list ?? []).map((e) => ({
      ...e,
      ...(e.involvedObject ? { involvedObject: { ...e.involvedObject } } : {}),
    }));
  }

  /** Forgets a removed Pod's Events (memory stays bounded by the Pods alive). */
  forget(uid: string): void {
    this.byPod.delete(uid);
  }
}
