import {
  type AppendResult,
  type EventLog,
  isPodstateError,
  type NewEvent,
  PodstateError,
} from '@podstate/core';

/** One atomic append: consecutive events of one stream. */
export interface DecidedGroup {
  stream: string;
  events: NewEvent[];
}

/**
 * Appends `groups` in order, each decided against the log exactly as it is when it commits: every
 * append carries `expectedHead` (the seq the decision was made at), which the store checks under its
 * write lock. When another writer got in first, `recheck` replays the log as it is now, checks the
 * groups not yet appended against it (throwing bad_input if one is no longer legal) and returns the
 * head it replayed to; the append is then retried from there. So concurrent writers can never commit
 * a log that does not replay.
 */
export async function appendDecided(
  log: EventLog,
  groups: readonly DecidedGroup[],
  head: number,
  recheck: (remaining: readonly DecidedGroup[]) => Promise<number>,
  onAppended: (result: AppendResult) => void = () => {},
): Promise<void> {
  let expected = head;
  let appended = 0;
  let first: number | undefined;
  for (let i = 0, conflicts = 0; i < groups.length; ) {
    const g = groups[i]!;
    try {
      const r = await log.append(g.stream, g.events, { expectedHead: expected });
      onAppended(r);
      first ??= r.events[0]?.seq;
      appended += r.events.length;
      // An exact retry returns the original records: the head did not move.
      expected = Math.max(expected, r.lastSeq);
      i++;
    } catch (e) {
      if (!isPodstateError(e, 'revision_conflict') || e.details.expectedHead === undefined) throw e;
      if (++conflicts > 1000) throw e;
      try {
        expected = await recheck(groups.slice(i));
      } catch (refused) {
        if (appended === 0 || !isPodstateError(refused, 'bad_input')) throw refused;
        throw new PodstateError(
          'bad_input',
          `${refused.message.replace(/\s*Nothing was appended\.$/, '')}\nAnother writer appended meanwhile: ` +
            `the first ${appended} events were appended (seq ${first}..${expected}); the rest was not.`,
          refused.details,
        );
      }
    }
  }
}
