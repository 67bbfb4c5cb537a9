import { formatPodTable, type PodRow } from '@podstate/projections';
import { defineCommand } from '../../command.js';
import { logOptions } from '../../options.js';
import { PodRowWatcher } from './PodRowWatcher.js';

interface WatchOptions {
  log?: string;
  store?: string;
  namespace: string;
}

/** `podstate watch`: follows the log as it grows, printing Pod rows like `kubectl get pods -w`. */
export const watchCommand = defineCommand<WatchOptions>({
  name: 'watch',
  summary: 'follow the log and print Pod rows as they change, like kubectl get pods -w',
  description:
    'Replay the log, print its Pods as `kubectl get pods` does, then keep following the log as other ' +
    'processes append to it, printing a row whenever a Pod appears, its row changes or it is removed ' +
    '(each later row aligned on its own, as kubectl -w prints them). Ctrl-C stops it (exit 0).',
  options: [
    ...logOptions,
    { flags: '-n, --namespace <namespace>', description: 'the namespace to watch', defaultValue: 'default' },
  ],
  examples: [
    {
      description: 'watch events.jsonl while `podstate run` or `podstate append` write to it',
      command: 'podstate watch --log events.jsonl',
    },
  ],
  async run({ options }, ctx) {
    const stop = ctx.io.interruptSignal();
    const { log } = await ctx.openLog(options, { write: false });
    const watcher = new PodRowWatcher(options.namespace);
    let header = false;
    const print = (rows: PodRow[]) => {
      if (rows.length === 0) return;
      // The first batch carries the header, aligned with it; later rows are flushed one by one.
      ctx.io.stdout.write(formatPodTable(rows, { noHeaders: header }));
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
  },
});
