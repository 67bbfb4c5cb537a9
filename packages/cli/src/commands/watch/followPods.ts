import type { PodState } from '@podstate/core';
import { formatPodList, type PodListEntry, type PodListOptions } from '@podstate/projections/runtime';
import type { CommandContext } from '../../command.js';
import type { LogSelection } from '../../log/openLogFromOptions.js';
import { PodRowWatcher } from './PodRowWatcher.js';

/**
 * `kubectl get pods -w`: replays the log, prints the watched Pods' table, then follows the log as
 * others append to it, printing a row whenever a watched Pod appears, its row changes or it is
 * removed. Ends (exit 0) on Ctrl-C.
 */
export async function followPods(
  ctx: CommandContext,
  selection: LogSelection,
  watched: (pod: PodState) => boolean,
  table: PodListOptions,
): Promise<number> {
  const stop = ctx.io.interruptSignal();
  const { log } = await ctx.openLog(selection, { write: false });
  const watcher = new PodRowWatcher(watched);
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
      const sub = log.live$(1).subscribe({
        next: (e) => {
          try {
            const rows = watcher.apply(e);
            if (caughtUp) {
              for (const r of rows) print([r]);
            } else if (e.seq >= head) {
              caughtUp = true;
              print(watcher.listing());
            }
          } catch (err) {
            sub.unsubscribe();
            reject(err);
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
