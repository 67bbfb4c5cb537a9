import type { RecordedEvent } from '@podstate/core';
import pg from 'pg';
import { afterEach, expect, it } from 'vitest';
import { appendInTransaction } from '../src/appendInTransaction.js';
import { prepareEvents } from '../src/prepareEvents.js';
import { toLogTables } from '../src/sqlNames.js';
import { createTestLog, pgUrl } from './pgTestLog.js';

const T = '2024-05-01T12:00:00.000Z';
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

/** Waits until some backend is blocked on a lock (the second append waiting for the first). */
async function waitForLockWait(admin: pg.Client): Promise<void> {
  for (let i = 0; i < 500; i++) {
    const { rows } = await admin.query<{ n: string }>(
      `select count(*) as n from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
    );
    if (Number(rows[0]?.n) > 0) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('the second append never waited for the first');
}

/**
 * The bug this guards against: a writer takes seq 1, another takes seq 2 and commits first; a
 * subscriber that reads "seq > cursor" sees 2, moves on, and skips 1 when it commits late.
 */
async function holdOpenThen(finish: 'commit' | 'rollback') {
  const fixture = await createTestLog({ pollIntervalMs: 10 });
  cleanups.push(fixture.cleanup);
  const { log } = fixture;
  const received: RecordedEvent[] = [];
  const sub = log.live$().subscribe((e) => received.push(e));
  cleanups.push(async () => sub.unsubscribe());

  const held = new pg.Client({ connectionString: pgUrl() });
  const admin = new pg.Client({ connectionString: pgUrl() });
  await held.connect();
  await admin.connect();
  cleanups.push(async () => {
    await held.end();
    await admin.end();
  });

  await held.query('begin');
  const early = await appendInTransaction(
    held,
    toLogTables(log.schema),
    'pod/early',
    prepareEvents('pod/early', [{ type: 'pod.created', time: T, data: {} }]),
    'any',
  );
  expect(early.lastSeq).toBe(1);

  let lateSettled = false;
  const late = log.append('pod/late', [{ type: 'pod.created', time: T, data: {} }]).finally(() => {
    lateSettled = true;
  });
  await waitForLockWait(admin);
  // While the early transaction is open, the later append cannot take a seq, let alone commit.
  expect(lateSettled).toBe(false);
  expect(await log.head()).toEqual({ seq: 0 });
  expect(received).toEqual([]);

  await held.query(finish);
  const lateResult = await late;
  while (received.length < lateResult.lastSeq) await new Promise((r) => setTimeout(r, 10));
  return { received, lateResult };
}

it('late commit: an append held open keeps seq 1; a later append waits for it, and live$ emits both in order, skipping neither', async () => {
  const { received, lateResult } = await holdOpenThen('commit');
  expect(lateResult.lastSeq).toBe(2);
  expect(received.map((e) => `${e.seq}:${e.stream}`)).toEqual(['1:pod/early', '2:pod/late']);
});

it('late commit: an append held open then rolled back leaves no gap; the waiting append takes seq 1', async () => {
  const { received, lateResult } = await holdOpenThen('rollback');
  expect(lateResult.lastSeq).toBe(1);
  expect(received.map((e) => `${e.seq}:${e.stream}`)).toEqual(['1:pod/late']);
});
