import { type EventLog, type NewEvent, PodstateError } from '@podstate/core';
import { assertAppendInput } from '@podstate/core/internal';
import type { PlannedEvent } from '@podstate/scenario';
import { loadEngine } from '../../engine/loadEngine.js';
import { appendDecided, type DecidedGroup } from '../../log/appendDecided.js';

/** Planned events as the appends they become: each run of one stream is one atomic append. */
function groups(events: readonly PlannedEvent[]): DecidedGroup[] {
  const out: { stream: string; events: NewEvent[] }[] = [];
  let i = 0;
  while (i < events.length) {
    const stream = events[i]!.stream;
    let j = i;
    while (j < events.length && events[j]!.stream === stream) j++;
    out.push({ stream, events: events.slice(i, j).map(({ stream: _s, ...e }) => e) });
    i = j;
  }
  return out;
}

/**
 * Runs the store's own input checks (stream names, ids, times, shapes: assertAppendInput) on every
 * append a run will make, before the first is written: a run the store would refuse midway is
 * refused whole, with nothing appended.
 */
export function assertPlanned(events: readonly PlannedEvent[]): void {
  for (const g of groups(events)) assertAppendInput(g.stream, g.events);
}

/**
 * Appends planned events in order, each run of one stream as one atomic append, each committed only
 * if the log is still at the seq the run was played against (`head`); when another writer got in
 * first, the events not yet appended are checked again on a fresh replay of the log.
 */
export async function appendPlanned(
  log: EventLog,
  events: readonly PlannedEvent[],
  head: number,
): Promise<void> {
  await appendDecided(log, groups(events), head, async (remaining) => {
    const fresh = await loadEngine(log);
    for (const g of remaining) {
      for (const e of g.events) {
        const r = fresh.engine.apply({ stream: g.stream, ...e });
        if (!r.ok) {
          throw new PodstateError(
            'bad_input',
            `Another writer appended to the log while this run was being decided, and the run's ${e.type} on ${g.stream} ` +
              `(at ${e.time}) no longer applies: ${r.rejection.message}. Nothing more was appended; run it again.`,
          );
        }
      }
    }
    return fresh.lastSeq;
  });
}
