import { isPodstateError, type RecordedEvent } from '@podstate/core';
import { seededRandom } from '@podstate/core/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createPostgresLog, type PostgresLog } from '../src/index.js';
import { dropSchema, freshSchema, pgUrl } from './pgTestLog.js';

const WRITERS = 8;
const APPENDS = 1000;
const STREAMS = ['pod/s0', 'pod/s1', 'pod/s2', 'pod/s3', 'pod/s4', 'pod/s5'];
const T = '2024-05-01T12:00:00.000Z';

interface Ack {
  seq: number;
  id: string;
  stream: string;
  rev: number;
}

const schema = freshSchema();
let logs: PostgresLog[] = [];

beforeAll(async () => {
  // One log (own pool) per writer plus one for the subscriber: separate clients, as separate processes would be.
  logs = await Promise.all(
    Array.from({ length: WRITERS + 1 }, () =>
      createPostgresLog({ connectionString: pgUrl(), schema, pollIntervalMs: 20, maxConnections: 2 }),
    ),
  );
});

afterAll(async () => {
  for (const l of logs) await l.close();
  await dropSchema(schema);
});

it('8 concurrent writers × 1,000 appends to overlapping streams: a live$ subscriber reads every acknowledged event exactly once, in one gapless global order; conflicts carry the actual revision', async () => {
  const subscriber = logs[WRITERS] as PostgresLog;
  const received: RecordedEvent[] = [];
  let target = Number.POSITIVE_INFINITY;
  let reached: () => void = () => undefined;
  const allReceived = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const sub = subscriber.live$().subscribe({
    next: (e) => {
      received.push(e);
      if (received.length >= target) reached();
    },
    error: (e: unknown) => expect.fail(`live$ failed: ${String(e)}`),
  });

  const acks: Ack[] = [];
  const conflicts: Array<{ stream: string; expected: number | 'no_stream'; actual: number }> = [];
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const log = logs[w] as PostgresLog;
      const random = seededRandom(1000 + w);
      const known = new Map<string, number>();
      for (let i = 0; i < APPENDS; i++) {
        // The first append of every writer races for one new stream: exactly one may create it.
        const stream = i === 0 ? 'pod/race' : (STREAMS[Math.floor(random() * STREAMS.length)] as string);
        const n = 1 + Math.floor(random() * 3);
        const events = Array.from({ length: n }, (_, k) => ({
          id: `w${w}-${i}-${k}`,
          type: 'container.probe.succeeded',
          time: T,
          data: { writer: w, append: i },
        }));
        const expected: number | 'no_stream' | 'any' =
          i === 0 ? 'no_stream' : random() < 0.5 ? 'any' : (known.get(stream) ?? 'no_stream');
        try {
          const r = await log.append(stream, events, { expectedRevision: expected });
          known.set(stream, r.nextRevision);
          for (const e of r.events) acks.push({ seq: e.seq, id: e.id, stream: e.stream, rev: e.rev });
        } catch (err) {
          if (!isPodstateError(err, 'revision_conflict') || expected === 'any') throw err;
          const actual = err.details.actualRevision as number;
          conflicts.push({ stream, expected, actual });
          known.set(stream, actual);
        }
      }
    }),
  );

  const head = await subscriber.head();
  target = head.seq;
  if (received.length >= target) reached();
  await allReceived;
  sub.unsubscribe();

  // One gapless global order: exactly seq 1..head, each once.
  expect(received.length).toBe(head.seq);
  expect(received.map((e) => e.seq)).toEqual(Array.from({ length: head.seq }, (_, i) => i + 1));
  // Every acknowledged event, and nothing else, at the position its append reported.
  expect(acks.length).toBe(head.seq);
  for (const a of acks) {
    expect(received[a.seq - 1]).toMatchObject({ id: a.id, stream: a.stream, rev: a.rev });
  }
  // Per stream, revisions contiguous from 1 in global order.
  const revs = new Map<string, number>();
  for (const e of received) {
    expect(e.rev).toBe((revs.get(e.stream) ?? 0) + 1);
    revs.set(e.stream, e.rev);
  }
  // Conflicts carry a revision the stream really had, newer than the one expected.
  expect(conflicts.filter((c) => c.stream === 'pod/race')).toHaveLength(WRITERS - 1);
  for (const c of conflicts) {
    expect(Number.isInteger(c.actual)).toBe(true);
    expect(c.actual).toBeGreaterThan(c.expected === 'no_stream' ? 0 : c.expected);
    expect(c.actual).toBeLessThanOrEqual(revs.get(c.stream) ?? 0);
  }
});
