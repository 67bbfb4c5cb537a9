import type { PodState, RecordedEvent } from '@podstate/core';
import { podPatches, replayInto } from '@podstate/projections';
import type { CommandContext } from '../../command.js';
import type { LogSelection } from '../../log/openLogFromOptions.js';

/**
 * `podstate watch -o json-patch`: replays and follows the log through the RxJS operators
 * (`replayInto`, `podPatches`), printing one JSON line per change of a watched Pod object:
 * `{"type":"ADDED|MODIFIED|DELETED","namespace","name","uid","seq","patch"}` with the RFC 6902
 * patch from the previous Pod object. Ends (exit 0) on Ctrl-C.
 */
export async function followPatches(
  ctx: CommandContext,
  selection: LogSelection,
  watched: (pod: PodState) => boolean,
): Promise<number> {
  const stop = ctx.io.interruptSignal();
  const { log } = await ctx.openLog(selection, { write: false });
  try {
    await new Promise<void>((resolve, reject) => {
      if (stop.aborted) return resolve();
      const sub = log
        .live$(1)
        .pipe(replayInto<RecordedEvent>(), podPatches(watched))
        .subscribe({
          next: ({ object: _object, ...change }) => ctx.io.stdout.write(`${JSON.stringify(change)}\n`),
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
