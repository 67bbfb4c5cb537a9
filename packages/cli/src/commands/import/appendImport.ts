import type { EventLog } from '@podstate/core';
import type { ImportPlan } from '@podstate/import';

/** Appends a plan's facts in order, each run of one stream as one atomic append. */
export async function appendImport(log: EventLog, plan: ImportPlan): Promise<void> {
  const events = plan.events;
  let i = 0;
  while (i < events.length) {
    const stream = events[i]!.stream;
    let j = i;
    while (j < events.length && events[j]!.stream === stream) j++;
    await log.append(
      stream,
      events.slice(i, j).map(({ stream: _s, because, ...e }) => ({ ...e, meta: { imported: because } })),
    );
    i = j;
  }
}

/** One line per refused Pod: where, the Pod, the field, the rule. */
export function refusals(plan: ImportPlan): string[] {
  return plan.pods.flatMap((p) => (p.refused ? [`${p.where}: ${p.refused.message}`] : []));
}
