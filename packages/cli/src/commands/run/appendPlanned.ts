import type { EventLog } from '@podstate/core';
import type { PlannedEvent } from './toEvents.js';

/** Appends planned events in order, each run of one stream as one atomic append. */
export async function appendPlanned(log: EventLog, events: readonly PlannedEvent[]): Promise<void> {
  let i = 0;
  while (i < events.length) {
    const stream = events[i]!.stream;
    let j = i;
    while (j < events.length && events[j]!.stream === stream) j++;
    await log.append(
      stream,
      events.slice(i, j).map(({ stream: _s, ...e }) => e),
    );
    i = j;
  }
}
