import { Observable } from 'rxjs';
import type { RecordedEvent } from '../events/envelope.js';

/** How a store lets live$ follow it. */
export interface FollowSource {
  /** Durable events with seq >= from, in order, up to the head when called. */
  readFrom(from: number): AsyncIterable<RecordedEvent>;
  /** Calls `wake` whenever new durable events may exist; returns the unsubscribe. */
  watch(wake: () => void): () => void;
}

/**
 * Catch-up then follow: emits every durable event from `from` once, in seq order, until unsubscribed.
 * A wake-up while a read is running triggers one more read after it, so nothing is missed or repeated.
 */
export function followLog(source: FollowSource, from = 1): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let next = from;
    let running = false;
    let again = false;
    const pump = async (): Promise<void> => {
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          for await (const e of source.readFrom(next)) {
            if (subscriber.closed) return;
            if (e.seq < next) continue;
            next = e.seq + 1;
            subscriber.next(e);
          }
        } while (again && !subscriber.closed);
      } catch (err) {
        subscriber.error(err);
      } finally {
        running = false;
      }
    };
    const stop = source.watch(() => void pump());
    void pump();
    return stop;
  });
}
