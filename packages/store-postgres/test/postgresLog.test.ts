import { encodeRecord, isPodstateError, type NewEvent, type RecordedEvent } from '@podstate/core';
import pg from 'pg';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, describe, expect, it } from 'vitest';
import { createPostgresLog } from '../src/index.js';
import { createTestLog, dropSchema, freshSchema, pgUrl } from './pgTestLog.js';

const T = '2024-05-01T12:00:00.000Z';
const ev = (type: string, data: Record<string, unknown> = {}, extra: Partial<NewEvent> = {}): NewEvent => ({
  type,
  time: T,
  data,
  ...extra,
});

async function collect(it: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  return p.then(
    () => expect.fail('expected a rejection'),
    (e: unknown) => e,
  );
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});
async function open() {
  const fixture = await createTestLog();
  cleanups.push(fixture.cleanup);
  return fixture.log;
}

describe('createPostgresLog', () => {
  it('records the shared envelope: v, seq, rev, batch markers and the JSONL line CRC', async () => {
    const log = await open();
    const r = await log.append('pod/a', [
      ev('pod.created', { zeta: 1, alpha: { b: 2, a: 1 } }, { id: 'e-1', subject: 'default/web' }),
      ev('pod.scheduled', { node: 'n1' }, { id: 'e-2', meta: { by: 'test' } }),
    ]);
    expect(r).toMatchObject({ nextRevision: 2, lastSeq: 2 });
    const [first, second] = r.events;
    expect(first).toEqual({
      v: 1,
      seq: 1,
      stream: 'pod/a',
      rev: 1,
      id: 'e-1',
      type: 'pod.created',
      sv: 1,
      time: T,
      subject: 'default/web',
      data: { zeta: 1, alpha: { b: 2, a: 1 } },
      batch: [0, 2],
      crc: encodeRecord(first as RecordedEvent).slice(-10, -2),
    });
    expect(second).toMatchObject({ seq: 2, rev: 2, meta: { by: 'test' }, batch: [1, 2] });
    const read = await collect(log.read());
    expect(read).toEqual(r.events);
    // json (not jsonb) keeps the writer's key order, so the line re-encodes to the same bytes.
    expect(Object.keys(read[0]?.data ?? {})).toEqual(['zeta', 'alpha']);
    expect(encodeRecord(read[0] as RecordedEvent)).toBe(encodeRecord(first as RecordedEvent));
  });

  it('a single-event append carries no batch marker and gets a UUID when it has no id', async () => {
    const log = await open();
    const { events } = await log.append('node/n1', [ev('node.registered', { node: 'n1' })]);
    expect(events[0]?.batch).toBeUndefined();
    expect(events[0]?.id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it.each([
    ['no_stream', 1],
    ['exists', 0],
    [3, 1],
    [0, 1],
  ] as const)(
    'expectedRevision %s on a stream at %i is a revision_conflict carrying the actual revision',
    async (expected, at) => {
      const log = await open();
      if (at > 0) await log.append('pod/a', [ev('pod.created')]);
      const err = await rejection(log.append('pod/a', [ev('pod.scheduled')], { expectedRevision: expected }));
      expect(isPodstateError(err, 'revision_conflict')).toBe(true);
      expect((err as { details: Record<string, unknown> }).details).toMatchObject({
        actualRevision: at,
        stream: 'pod/a',
      });
      expect((await log.head()).seq).toBe(at);
    },
  );

  it('appends when the expected revision holds', async () => {
    const log = await open();
    await log.append('pod/a', [ev('pod.created')], { expectedRevision: 'no_stream' });
    await log.append('pod/a', [ev('pod.scheduled')], { expectedRevision: 1 });
    const r = await log.append('pod/a', [ev('pod.sandbox.ready')], { expectedRevision: 'exists' });
    expect(r).toMatchObject({ nextRevision: 3, lastSeq: 3 });
  });

  it('an idempotent retry returns the original result even though its revision check would now fail', async () => {
    const log = await open();
    const batch = [
      ev('pod.created', { a: 1 }, { id: 'x-1' }),
      ev('pod.scheduled', { node: 'n' }, { id: 'x-2' }),
    ];
    const original = await log.append('pod/a', batch, { expectedRevision: 'no_stream' });
    await log.append('pod/b', [ev('pod.created')]);
    const retry = await log.append('pod/a', batch, { expectedRevision: 'no_stream' });
    expect(retry).toEqual(original);
    expect((await log.head()).seq).toBe(3);
  });

  it('the same id with other content, or a half-repeated append, is bad_input and appends nothing', async () => {
    const log = await open();
    await log.append('pod/a', [ev('pod.created', { a: 1 }, { id: 'x-1' })]);
    const changed = await rejection(log.append('pod/a', [ev('pod.created', { a: 2 }, { id: 'x-1' })]));
    expect(isPodstateError(changed, 'bad_input')).toBe(true);
    expect((changed as Error).message).toContain('x-1');
    const otherStream = await rejection(log.append('pod/b', [ev('pod.created', { a: 1 }, { id: 'x-1' })]));
    expect(isPodstateError(otherStream, 'bad_input')).toBe(true);
    const half = await rejection(
      log.append('pod/a', [
        ev('pod.created', { a: 1 }, { id: 'x-1' }),
        ev('pod.scheduled', {}, { id: 'x-9' }),
      ]),
    );
    expect(isPodstateError(half, 'bad_input')).toBe(true);
    expect((await log.head()).seq).toBe(1);
  });

  it('concurrent appends of the same new id record it once and answer both', async () => {
    const log = await open();
    const e = [ev('pod.created', { a: 1 }, { id: 'same' })];
    const results = await Promise.all([
      log.append('pod/a', e),
      log.append('pod/a', e),
      log.append('pod/a', e),
    ]);
    expect(results[1]).toEqual(results[0]);
    expect(results[2]).toEqual(results[0]);
    expect((await log.head()).seq).toBe(1);
  });

  it('refuses a wrong stream name or event shape with bad_input, appending nothing', async () => {
    const log = await open();
    for (const p of [
      log.append('pods/a b', [ev('pod.created')]),
      log.append('pod/a', [{ type: 'pod.created', time: 'yesterday', data: {} }]),
      log.append('pod/a', [ev('pod.created'), ev('pod.scheduled', {}, { id: 'bad id' })]),
      log.append('pod/a', [ev('pod.created')], { expectedRevision: -1 }),
    ]) {
      expect(isPodstateError(await rejection(p), 'bad_input')).toBe(true);
    }
    expect(await log.head()).toEqual({ seq: 0 });
  });

  it('head, read ranges and readStream ranges', async () => {
    const log = await open();
    await log.append('pod/a', [ev('pod.created'), ev('pod.scheduled')]);
    await log.append('pod/b', [ev('pod.created', {}, { time: '2024-05-01T12:00:05.000Z' })]);
    await log.append('pod/a', [ev('pod.sandbox.ready', {}, { time: '2024-05-01T12:00:09.123+02:00' })]);
    expect(await log.head()).toEqual({ seq: 4, time: '2024-05-01T12:00:09.123+02:00' });
    expect((await collect(log.read({ from: 2, to: 3 }))).map((e) => e.seq)).toEqual([2, 3]);
    expect((await collect(log.readStream('pod/a', { fromRevision: 2 }))).map((e) => [e.seq, e.rev])).toEqual([
      [2, 2],
      [4, 3],
    ]);
    expect(await collect(log.readStream('pod/none'))).toEqual([]);
  });

  it('read$ emits up to the head at subscription and completes; live$ then follows new appends', async () => {
    const log = await open();
    await log.append('pod/a', [ev('pod.created'), ev('pod.scheduled')]);
    expect((await lastValueFrom(log.read$(2).pipe(toArray()))).map((e) => e.seq)).toEqual([2]);
    const followed = firstValueFrom(log.live$(2).pipe(take(3), toArray()));
    await log.append('pod/b', [ev('pod.created')]);
    await log.append('pod/a', [ev('pod.sandbox.ready')]);
    expect((await followed).map((e) => `${e.seq}:${e.stream}`)).toEqual(['2:pod/a', '3:pod/b', '4:pod/a']);
  });

  it('close completes live$ subscribers', async () => {
    const log = await open();
    const done = lastValueFrom(log.live$().pipe(toArray()));
    await log.append('pod/a', [ev('pod.created')]);
    await log.close();
    expect((await done).length).toBeLessThanOrEqual(1);
  });

  it('migration is idempotent: concurrent opens of one schema share one log that survives reopening', async () => {
    const schema = freshSchema();
    cleanups.push(() => dropSchema(schema));
    const opened = await Promise.all(
      [1, 2, 3].map(() => createPostgresLog({ connectionString: pgUrl(), schema, pollIntervalMs: 50 })),
    );
    await opened[0]?.append('pod/a', [ev('pod.created')]);
    await opened[1]?.append('pod/a', [ev('pod.scheduled')], { expectedRevision: 1 });
    for (const l of opened) await l.close();
    const again = await createPostgresLog({ connectionString: pgUrl(), schema });
    expect((await collect(again.read())).map((e) => e.rev)).toEqual([1, 2]);
    await again.close();
  });

  it('refuses a bad schema name; an unreachable server is store_unavailable (exit 4), named without its password', async () => {
    const badSchema = await rejection(
      createPostgresLog({ connectionString: pgUrl(), schema: 'Robert"; drop' }),
    );
    expect(isPodstateError(badSchema, 'bad_input')).toBe(true);
    const down = await rejection(
      createPostgresLog({ connectionString: 'postgres://u:s3cret@127.0.0.1:1/db', retryForMs: 300 }),
    );
    expect(isPodstateError(down, 'store_unavailable')).toBe(true);
    expect((down as Error).message).toContain('is unavailable');
    expect((down as Error).message).toContain('127.0.0.1:1');
    expect((down as Error).message).not.toContain('s3cret');
  });
});

describe('damage', () => {
  it.each([
    [2, 'seq 2'],
    [3, 'seq 3'],
  ])(
    'a deleted row (seq %i) is reported as damaged_log by read, read$ and live$, never skipped',
    async (gone, what) => {
      const fixture = await createTestLog();
      cleanups.push(fixture.cleanup);
      const { log } = fixture;
      await log.append('pod/a', [ev('pod.created'), ev('pod.scheduled'), ev('pod.sandbox.ready')]);
      const admin = new pg.Client({ connectionString: pgUrl() });
      await admin.connect();
      await admin.query(`delete from "${log.schema}".events where seq = $1`, [gone]);
      await admin.end();
      const readers = [
        () => collect(log.read()),
        () => lastValueFrom(log.read$()),
        () => firstValueFrom(log.live$().pipe(take(3), toArray())),
      ];
      for (const reader of readers) {
        const err = await rejection(reader());
        expect(isPodstateError(err, 'damaged_log')).toBe(true);
        expect((err as Error).message).toContain(`${what} is missing`);
      }
    },
  );
});
