import type { RecordedEvent } from '@podstate/core';
import { Observable } from 'rxjs';
import type { AppendSignal } from './AppendSignal.js';
import type { Queryable } from './faults.js';
import { PAGE_SIZE, readPageAfter } from './readEvents.js';
import type { LogTables } from './sqlNames.js';

/** What live$ needs from its log. */
export interface FollowContext {
  pool: Queryable;
  tables: LogTables;
  signal: AppendSignal;
  pollIntervalMs: number;
  isClosed(): boolean;
  /** The committed head seq. */
  headSeq(): Promise<number>;
}

/**
 * Catch-up, then follow: emits every committed event from `from` once, in seq order, until
 * unsubscribed; completes when the log is closed.
 *
 * Why reading `seq > cursor` in order can never skip a late commit: appends allot seq under the
 * log_position row lock held to commit, so the transaction holding seq N is visible before any
 * transaction holding a later seq even starts writing. The visible rows are therefore always a
 * gapless prefix; a gap can only be damage, reported as damaged_log, never stepped over.
 */
export function followLog(ctx: FollowContext, from: number): Observable<RecordedEvent> {
  return new Observable<RecordedEvent>((subscriber) => {
    let cursor = from - 1;
    let stopped = false;
    const waiter = ctx.signal.subscribe();
    const run = async () => {
      await ctx.signal.ensureListening();
      while (!stopped && !ctx.isClosed()) {
        waiter.arm();
        // A head read before the page: every seq up to it is committed, so a missing one is damage.
        const through = await ctx.headSeq();
        const page = await readPageAfter(ctx.pool, ctx.tables, cursor, Number.MAX_SAFE_INTEGER, through);
        for (const e of page) {
          if (stopped) return;
          cursor = e.seq;
          subscriber.next(e);
        }
        if (page.length < PAGE_SIZE) {
          await waiter.wait(ctx.pollIntervalMs);
          // Listening may have failed or dropped; retry now and then, polling meanwhile.
          void ctx.signal.ensureListening();
        }
      }
      if (!stopped) subscriber.complete();
    };
    run().catch((err: unknown) => {
      if (stopped) return;
      if (ctx.isClosed()) subscriber.complete();
      else subscriber.error(err);
    });
    return () => {
      stopped = true;
      waiter.dispose();
    };
  });
}
