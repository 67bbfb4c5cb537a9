import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { ID_PATTERN, STREAM_PATTERN, TIME_PATTERN, TYPE_PATTERN } from './assertAppendInput.js';
import { linePrefix } from './encodeInto.js';
import { encodeRecordLine } from './encodeRecord.js';
import { hash32 } from './IdSet.js';
import { openJsonlLog } from './openJsonlLog.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const ev = (i: number, extra: Partial<NewEvent> = {}): NewEvent => ({
  type: 'node.updated',
  time: new Date(T0 + i * 1000).toISOString(),
  data: { labels: { i: String(i) } },
  ...extra,
});
const tmpLog = () => join(mkdtempSync(join(tmpdir(), 'podstate-writer-')), 'events.jsonl');
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').slice(1, -1);

/** Two distinct ids with equal 32-bit hashes (a deterministic birthday search). */
function collidingIds(): [string, string] {
  const seen = new Map<number, string>();
  for (let i = 0; ; i++) {
    const id = `evt-${i}`;
    const other = seen.get(hash32(id));
    if (other !== undefined) return [other, id];
    seen.set(hash32(id), id);
  }
}

async function refusal(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}

describe('writer id index (IdTable: hashes + seqs, equal hashes settled by reading the record back)', () => {
  for (const mode of ['single', 'group'] as const) {
    it(`${mode}: two ids with the same hash are two events; each retry finds its own original, before and after reopen`, async () => {
      const [a, b] = collidingIds();
      expect(a).not.toBe(b);
      expect(hash32(a)).toBe(hash32(b));
      const path = tmpLog();
      const opts = mode === 'group' ? { groupCommit: {} } : {};
      let log = await openJsonlLog(path, opts);
      // In flight together: b's lookup meets a's hash while a is still pending (not yet written).
      const [ra, rb] = await Promise.all([
        log.append('node/n1', [ev(1, { id: a })]),
        log.append('node/n1', [ev(2, { id: b })]),
      ]);
      expect([ra.lastSeq, rb.lastSeq]).toEqual([1, 2]);
      for (let round = 0; round < 2; round++) {
        const again = await log.append('node/n1', [ev(2, { id: b })]);
        expect(again.lastSeq).toBe(2);
        expect(again.events[0]!.id).toBe(b);
        expect((await log.append('node/n1', [ev(1, { id: a })])).lastSeq).toBe(1);
        const e = await refusal(log.append('node/n1', [ev(3, { id: b })]));
        expect(isPodstateError(e) && e.code === 'bad_input' && e.message).toMatch(
          new RegExp(`Event id ${b} was already used at seq 2`),
        );
        // Reopen: the index is rebuilt by the open scan, which must not take b for a repeat of a.
        await log.close();
        log = await openJsonlLog(path, opts);
      }
      expect((await log.head()).seq).toBe(2);
      await log.close();
      expect(lines(path).map((l) => (JSON.parse(l) as RecordedEvent).id)).toEqual([a, b]);
    });
  }

  it('group: a retry of a pending append (same id, same content) resolves to the original once it is durable', async () => {
    const path = tmpLog();
    const log = await openJsonlLog(path, { groupCommit: {} });
    const first = log.append('node/n1', [ev(1, { id: 'retry-me' })]);
    const retry = log.append('node/n1', [ev(1, { id: 'retry-me' })]);
    const [r1, r2] = await Promise.all([first, retry]);
    expect(r2.lastSeq).toBe(r1.lastSeq);
    await log.close();
    expect(lines(path)).toHaveLength(1);
  });

  it('group: an append refused while its group fills (line over 1 MiB) leaves no byte; the appends around it commit', async () => {
    const path = tmpLog();
    const log = await openJsonlLog(path, { groupCommit: { maxDelayMs: 5 } });
    const before = log.append('node/n1', [ev(1)]);
    const huge = log.append('node/n1', [ev(2), ev(3, { data: { blob: 'x'.repeat(1_100_000) } })]);
    const after = log.append('node/n1', [ev(4)]);
    const e = await refusal(huge);
    expect(isPodstateError(e) && e.code).toBe('bad_input');
    expect((await before).lastSeq).toBe(1);
    expect((await after).lastSeq).toBe(2);
    await log.close();
    const recs = lines(path).map((l) => JSON.parse(l) as RecordedEvent);
    expect(recs.map((r) => [r.seq, r.rev, r.data])).toEqual([
      [1, 1, ev(1).data],
      [2, 2, ev(4).data],
    ]);
    // And the file opens clean (no torn tail, no damage).
    const warnings: string[] = [];
    const again = await openJsonlLog(path, { onWarning: (m) => warnings.push(m) });
    expect((await again.head()).seq).toBe(2);
    await again.close();
    expect(warnings).toEqual([]);
  });
});

describe('linePrefix: the checked fast path quotes stream, id, type and time as they are', () => {
  const pick = (re: RegExp, samples: string[]) => fc.constantFrom(...samples.filter((s) => re.test(s)));
  const checkedRecord = fc.record({
    seq: fc.integer({ min: 1, max: 2 ** 40 }),
    rev: fc.integer({ min: 1, max: 2 ** 40 }),
    stream: fc.oneof(
      pick(STREAM_PATTERN, ['cluster', 'node/n1', 'pod/a.b-c_9', 'secret/ns/s-1', 'configmap/x/y.z']),
      fc.stringMatching(STREAM_PATTERN),
    ),
    id: fc.oneof(fc.uuid(), fc.stringMatching(ID_PATTERN)),
    type: fc.stringMatching(TYPE_PATTERN),
    time: fc.stringMatching(TIME_PATTERN),
    sv: fc.integer({ min: 1, max: 9 }),
    subject: fc.option(fc.string(), { nil: undefined }),
    data: fc.dictionary(fc.string(), fc.jsonValue()),
  });

  it('gives the bytes JSON.stringify gives for every record whose fields pass the append patterns', () => {
    fc.assert(
      fc.property(checkedRecord, (r) => {
        const rec = { v: 1, ...r } as RecordedEvent;
        if (rec.subject === undefined) delete rec.subject;
        expect(linePrefix(rec, true)).toBe(linePrefix(rec, false));
        // And the writer's line is the line encodeRecordLine writes.
        expect(`${linePrefix(rec, true)}`).toBe(encodeRecordLine(rec).toString('utf8').split(',"crc":"')[0]);
      }),
      { seed, numRuns: 500, verbose: 1 },
    );
  });

  it('the comparison catches a field that would need escaping (so the test can fail)', () => {
    const bad = { v: 1, seq: 1, rev: 1, stream: 'pod/"x', id: 'i', type: 't', sv: 1, time: 't', data: {} };
    expect(linePrefix(bad as RecordedEvent, true)).not.toBe(linePrefix(bad as RecordedEvent, false));
  });
});
