// The store contract suite registers vitest tests, so it has its own entry point
// (@podstate/core/log-contract): importing @podstate/core/testing never loads vitest.
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import type { EventLog } from '../log/EventLog.js';

/** A fresh, empty store for one contract test, and how to dispose of it. */
export interface LogFixture {
  log: EventLog;
  cleanup(): Promise<void>;
}

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
/** A Node event at `i` seconds after a fixed instant; pure. */
function ev(i: number, extra: Partial<NewEvent> = {}): NewEvent {
  return {
    type: 'node.updated',
    time: new Date(T0 + i * 1000).toISOString(),
    data: { labels: { i: String(i) } },
    ...extra,
  };
}

async function all(it: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of it) out.push(e);
  return out;
}

const strip = (e: RecordedEvent) => {
  const { crc: _crc, ...rest } = e;
  return rest;
};

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected the promise to reject');
}

/**
 * Registers the EventLog contract suite (vitest describe/it) for one store implementation: ordering,
 * contiguity, expectedRevision, atomic batches, idempotency, ranges, read$/live$ and head.
 * @example describeEventLogContract('memory', async () => ({ log: createMemoryLog(), cleanup: async () => {} }));
 */
export function describeEventLogContract(name: string, factory: () => Promise<LogFixture>): void {
  describe(`EventLog contract: ${name}`, () => {
    let fx: LogFixture;
    let log: EventLog;
    beforeEach(async () => {
      fx = await factory();
      log = fx.log;
    });
    afterEach(async () => {
      await fx.log.close();
      await fx.cleanup();
    });

    it('an empty log has head 0 and reads nothing', async () => {
      expect(await log.head()).toEqual({ seq: 0 });
      expect(await all(log.read())).toEqual([]);
      expect(await all(log.readStream('node/n1'))).toEqual([]);
    });

    it('assigns seq contiguous from 1 and rev contiguous per stream, with v 1, sv 1 and an id', async () => {
      await log.append('node/a', [ev(1)]);
      await log.append('node/b', [ev(2)]);
      const r = await log.append('node/a', [ev(3, { subject: 'a', sv: 2 })]);
      expect(r.nextRevision).toBe(2);
      expect(r.lastSeq).toBe(3);
      const read = await all(log.read());
      expect(read.map((e) => [e.seq, e.stream, e.rev])).toEqual([
        [1, 'node/a', 1],
        [2, 'node/b', 1],
        [3, 'node/a', 2],
      ]);
      expect(read.every((e) => e.v === 1 && typeof e.id === 'string' && e.id.length > 0)).toBe(true);
      expect(read[0]!.sv).toBe(1);
      expect(read[2]).toMatchObject({ sv: 2, subject: 'a', data: { labels: { i: '3' } } });
      expect(read.map(strip)).toEqual(
        [...(await all(log.read({ from: 1, to: 2 }))), r.events[0]!].map(strip),
      );
      expect(await log.head()).toEqual({ seq: 3, time: ev(3).time });
    });

    it('expectedRevision: a number, no_stream, exists and any', async () => {
      await log.append('node/a', [ev(1)], { expectedRevision: 'no_stream' });
      await log.append('node/a', [ev(2)], { expectedRevision: 1 });
      await log.append('node/a', [ev(3)], { expectedRevision: 'exists' });
      await log.append('node/a', [ev(4)], { expectedRevision: 'any' });
      await log.append('node/b', [ev(5)], { expectedRevision: 0 });
      expect((await log.head()).seq).toBe(5);
    });

    it('a revision conflict names the stream, carries actualRevision and appends nothing', async () => {
      await log.append('node/a', [ev(1), ev(2)]);
      const cases: [string, NewEvent[], 'no_stream' | 'exists' | number, number][] = [
        ['node/a', [ev(3)], 'no_stream', 2],
        ['node/a', [ev(3)], 1, 2],
        ['node/a', [ev(3)], 5, 2],
        ['node/zz', [ev(3)], 'exists', 0],
        ['node/zz', [ev(3)], 1, 0],
      ];
      for (const [stream, events, expectedRevision, actual] of cases) {
        const e = await rejection(log.append(stream, events, { expectedRevision }));
        expect(isPodstateError(e, 'revision_conflict')).toBe(true);
        expect((e as Error).message).toContain(stream);
        expect((e as { details: Record<string, unknown> }).details.actualRevision).toBe(actual);
      }
      expect((await log.head()).seq).toBe(2);
    });

    it('a multi-event append is atomic: contiguous seqs, batch markers, all or nothing', async () => {
      await log.append('node/x', [ev(0)]);
      const r = await log.append('node/a', [ev(1), ev(2), ev(3)], { expectedRevision: 'no_stream' });
      expect(r.events.map((e) => [e.seq, e.rev, e.batch])).toEqual([
        [2, 1, [0, 3]],
        [3, 2, [1, 3]],
        [4, 3, [2, 3]],
      ]);
      expect(r.nextRevision).toBe(3);
      expect(r.lastSeq).toBe(4);
      const bad = await rejection(log.append('node/a', [ev(4), { ...ev(5), data: 'no' as never }]));
      expect(isPodstateError(bad, 'bad_input')).toBe(true);
      await rejection(log.append('node/a', [ev(4), ev(5)], { expectedRevision: 1 }));
      expect((await log.head()).seq).toBe(4);
      expect((await all(log.readStream('node/a'))).length).toBe(3);
    });

    it('concurrent appends to one stream with expectedRevision: exactly one wins', async () => {
      await log.append('node/a', [ev(0)]);
      const results = await Promise.allSettled(
        [1, 2, 3, 4].map((i) => log.append('node/a', [ev(i)], { expectedRevision: 1 })),
      );
      expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1);
      expect((await log.head()).seq).toBe(2);
    });

    it('idempotent appends: the same id and content returns the original events, appending nothing', async () => {
      const first = await log.append('node/a', [ev(1, { id: 'e-1' }), ev(2, { id: 'e-2' })]);
      await log.append('node/b', [ev(3)]);
      const again = await log.append('node/a', [ev(1, { id: 'e-1' }), ev(2, { id: 'e-2' })], {
        expectedRevision: 'no_stream',
      });
      expect(again.events.map(strip)).toEqual(first.events.map(strip));
      expect(again.lastSeq).toBe(2);
      expect(again.nextRevision).toBe(2);
      expect((await log.head()).seq).toBe(3);
    });

    it('the same id with different content is refused as bad_input', async () => {
      await log.append('node/a', [ev(1, { id: 'e-1' })]);
      for (const other of [
        ev(2, { id: 'e-1' }),
        ev(1, { id: 'e-1', data: { other: true } }),
        ev(1, { id: 'e-1', subject: 's' }),
      ]) {
        const e = await rejection(log.append('node/a', [other]));
        expect(isPodstateError(e, 'bad_input')).toBe(true);
        expect((e as Error).message).toContain('e-1');
      }
      const wrongStream = await rejection(log.append('node/b', [ev(1, { id: 'e-1' })]));
      expect(isPodstateError(wrongStream, 'bad_input')).toBe(true);
      expect((await log.head()).seq).toBe(1);
    });

    it('refuses a bad stream name, id, type or time with bad_input, appending nothing', async () => {
      const bad: [string, NewEvent][] = [
        ['pods/x', ev(1)],
        ['pod/', ev(1)],
        ['secret/only-ns', ev(1)],
        ['node/a', ev(1, { id: 'has space' })],
        ['node/a', ev(1, { type: 'Node Updated' })],
        ['node/a', ev(1, { time: 'yesterday' })],
      ];
      for (const [stream, e] of bad)
        expect(isPodstateError(await rejection(log.append(stream, [e])), 'bad_input')).toBe(true);
      const big = await rejection(log.append('node/a', [ev(1, { data: { blob: 'x'.repeat(1024 * 1024) } })]));
      expect(isPodstateError(big, 'bad_input')).toBe(true);
      expect((await log.head()).seq).toBe(0);
    });

    it('reads by seq range and by stream revision range', async () => {
      for (let i = 1; i <= 10; i++) await log.append(i % 2 ? 'node/odd' : 'node/even', [ev(i)]);
      expect((await all(log.read({ from: 4, to: 7 }))).map((e) => e.seq)).toEqual([4, 5, 6, 7]);
      expect((await all(log.read({ from: 9 }))).map((e) => e.seq)).toEqual([9, 10]);
      expect(await all(log.read({ from: 11 }))).toEqual([]);
      const odd = await all(log.readStream('node/odd', { fromRevision: 2, toRevision: 4 }));
      expect(odd.map((e) => [e.rev, e.seq])).toEqual([
        [2, 3],
        [3, 5],
        [4, 7],
      ]);
      expect((await all(log.readStream('node/even', { fromRevision: 5 }))).map((e) => e.seq)).toEqual([10]);
    });

    it('read$ emits the head at subscription, then completes', async () => {
      for (let i = 1; i <= 5; i++) await log.append('node/a', [ev(i)]);
      expect((await lastValueFrom(log.read$().pipe(toArray()))).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5]);
      expect((await lastValueFrom(log.read$(4).pipe(toArray()))).map((e) => e.seq)).toEqual([4, 5]);
    });

    it('live$ catches up, then emits each appended event exactly once, in order', async () => {
      await log.append('node/a', [ev(1), ev(2)]);
      const seen = lastValueFrom(log.live$(2).pipe(take(9), toArray()));
      const writes: Promise<unknown>[] = [];
      for (let i = 3; i <= 6; i++) writes.push(log.append('node/b', [ev(i)]));
      await Promise.all(writes);
      await log.append('node/c', [ev(7), ev(8), ev(9)]);
      await log.append('node/c', [ev(10)]);
      expect((await seen).map((e) => e.seq)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
      const first = await firstValueFrom(log.live$());
      expect(first.seq).toBe(1);
    });
  });
}
