// followLog is the catch-up-then-follow stream behind every store's live$ (the log contract runs
// live$ on each store); here its edges, on a hand-made source: resuming from a seq, a wake-up
// during a read, a failing read, and unsubscribing.
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { describe, expect, it } from 'vitest';
import type { RecordedEvent } from '../events/envelope.js';
import { type FollowSource, followLog } from './followLog.js';

const event = (seq: number) => ({ seq, type: 'clock.advanced', stream: 'cluster' }) as RecordedEvent;

/** A source over `events` (growing), whose watchers are woken by `wake()`. */
function source(events: RecordedEvent[], fail?: Error) {
  const watchers = new Set<() => void>();
  const reads: number[] = [];
  const src: FollowSource = {
    async *readFrom(from) {
      reads.push(from);
      if (fail) throw fail;
      for (const e of events.slice()) if (e.seq >= from) yield e;
    },
    watch(wake) {
      watchers.add(wake);
      return () => watchers.delete(wake);
    },
  };
  const wake = () => {
    for (const w of [...watchers]) w();
  };
  return { src, reads, watchers, wake };
}

describe('followLog (live$)', () => {
  it('resumes from a seq: catches up from there, then follows appended events once each, in order', async () => {
    const events = [1, 2, 3].map(event);
    const s = source(events);
    const seen = lastValueFrom(followLog(s.src, 2).pipe(take(4), toArray()));
    await new Promise((r) => setTimeout(r, 0));
    events.push(event(4), event(5));
    s.wake();
    s.wake(); // a second wake-up while the first read runs: one more read, nothing repeated
    expect((await seen).map((e) => e.seq)).toEqual([2, 3, 4, 5]);
    // Later reads start after the last event emitted: nothing is read twice.
    expect(s.reads[0]).toBe(2);
    expect(s.reads.slice(1).every((from) => from >= 4)).toBe(true);
  });

  it('a failing read errors the stream', async () => {
    const broken = new Error('disk read failed');
    await expect(firstValueFrom(followLog(source([], broken).src))).rejects.toBe(broken);
  });

  it('unsubscribing stops watching the source', async () => {
    const s = source([event(1)]);
    const first = await firstValueFrom(followLog(s.src));
    expect(first.seq).toBe(1);
    expect(s.watchers.size).toBe(0);
  });
});
