import type { PodState, RecordedEvent } from '@podstate/core';
import { podRowChanges, replayInto } from '@podstate/projections';
import { formatPodList, type PodListEntry, type PodListOptions } from '@podstate/projections/runtime';
import type { CommandContext } from '../../command.js';
import type { LogSelection } from '../../log/openLogFromOptions.js';

/**
 * `kubectl get pods -w`: replays and follows the log through the RxJS operators (`replayInto`,
 * `podRowChanges`), prints the watched Pods' table once caught up with the log's head, then a row
 * whenever a watched Pod appears, its row changes or it is removed. Ends (exit 0) on Ctrl-C.
 */
export async function followPods(
  ctx: CommandContext,
  selection: LogSelection,
  watched: (pod: PodState) => boolean,
  table: PodListOptions,
): Promise<number> {
  const stop = ctx.io.interruptSignal();
  const { log } = await ctx.openLog(selection, { write: false });
  let header = table.noHeaders === true;
  const print = (rows: PodListEntry[]) => {
    if (rows.length === 0) return;
    // The first batch carries the header, aligned with it; later rows are flushed one by one.
    ctx.io.stdout.write(formatPodList(rows, { ...table, noHeaders: header }));
    header = true;
  };
  try {
    const head = (await log.head()).seq;
    let caughtUp = head === 0;
    await new Promise<void>((resolve, reject) => {
      if (stop.aborted) return resolve();
      const sub = log
        .live$(1)
        .pipe(replayInto<RecordedEvent>(), podRowChanges(watched))
        .subscribe({
          next: ({ replayed, changed, listing }) => {
            if (caughtUp) {
              for (const r of changed) print([r]);
            } else if ((replayed.event.seq ?? 0) >= head) {
              caughtUp = true;
              print(listing());
            }
          },
          error: reject,
        });
      stop.addEventListener('abort', () => {
        sub.unsubscribe();
        resolve();
      });
    });
    return 0;
  } finally {
    await log.close();
  }
}
