import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { ID_PATTERN, STREAM_PATTERN, TIME_PATTERN, TYPE_PATTERN } from './assertAppendInput.js';
import { crc32, crcHex } from './crc32.js';
import { checkedLineBytes, encodeCheckedInto, hex8, linePrefix } from './encodeInto.js';
import { encodeRecordLine } from './encodeRecord.js';
import { decodeHead, encodeHead, HEAD_BYTES, headEncoder } from './headMarker.js';
import { hash32 } from './IdSet.js';
import { openJsonlLog } from './openJsonlLog.js';
import { randomUuid } from './randomUuid.js';

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
    meta: fc.option(fc.dictionary(fc.string(), fc.jsonValue()), { nil: undefined }),
    batch: fc.option(fc.tuple(fc.nat(10_000), fc.integer({ min: 1, max: 10_001 })), { nil: undefined }),
  });

  /** The writer's line for `rec` as encodeCheckedInto writes it (into a buffer with junk around it). */
  const writerLine = (rec: RecordedEvent): Buffer => {
    const data = JSON.stringify(rec.data);
    const subject = rec.subject;
    const meta = rec.meta === undefined ? undefined : JSON.stringify(rec.meta);
    const bound = checkedLineBytes(rec, subject, data, meta);
    const buf = Buffer.alloc(bound + 10, 0xee);
    const n = encodeCheckedInto(rec, subject, data, meta, buf, 5);
    expect(n).toBeLessThanOrEqual(bound);
    expect(buf[5 + n]).toBe(0xee);
    return buf.subarray(5, 5 + n);
  };
  const strip = (r: typeof checkedRecord extends fc.Arbitrary<infer T> ? T : never): RecordedEvent => {
    const rec = { v: 1, ...r } as RecordedEvent;
    for (const k of ['subject', 'meta', 'batch'] as const) if (rec[k] === undefined) delete rec[k];
    return rec;
  };

  it('gives the bytes JSON.stringify gives for every record whose fields pass the append patterns', () => {
    fc.assert(
      fc.property(checkedRecord, (r) => {
        const rec = strip(r);
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

  it('the writer encodes straight into its buffer the exact bytes (and crc) encodeRecordLine gives', () => {
    fc.assert(
      fc.property(checkedRecord, (r) => {
        const mine = strip(r);
        const theirs = strip(r);
        const line = writerLine(mine);
        expect(line.toString('utf8')).toBe(encodeRecordLine(theirs).toString('utf8'));
        expect(mine.crc).toBe(theirs.crc);
        expect(mine.crc).toMatch(/^[0-9a-f]{8}$/);
      }),
      { seed, numRuns: 500, verbose: 1 },
    );
  });

  it('a subject is quoted as JSON.stringify quotes it, whether copied as it is or escaped', () => {
    const base = { v: 1, seq: 1, rev: 1, stream: 'pod/x', id: 'i', type: 't', sv: 1, time: 't', data: {} };
    for (const subject of [
      'default/web',
      '',
      'a"b',
      'a\\b',
      'tab\there',
      '\u001f',
      '\u007f',
      'ünïcode ✓',
      '😀',
      'x'.repeat(300),
    ]) {
      const r = { ...base, subject } as RecordedEvent;
      expect(writerLine({ ...r }).toString('utf8')).toBe(encodeRecordLine({ ...r }).toString('utf8'));
      expect(writerLine({ ...r }).toString('utf8')).toContain(`"subject":${JSON.stringify(subject)},`);
    }
  });

  it('the byte comparison catches a field that would need escaping (so it can fail); numbers past int32 are spelled as JSON does', () => {
    const base = { v: 1, seq: 1, rev: 1, stream: 'pod/x', id: 'i', type: 't', sv: 1, time: 't', data: {} };
    const same = (r: object) =>
      writerLine({ ...r } as RecordedEvent).toString('utf8') ===
      encodeRecordLine({ ...r } as RecordedEvent).toString('utf8');
    expect(same({ ...base, stream: 'pod/"x' })).toBe(false);
    for (const n of [2 ** 31, 2 ** 53 - 1, 1e21, -3, 0.5])
      expect(same({ ...base, seq: n, sv: n })).toBe(true);
  });
});

describe('head marker and ids, as the writer makes them', () => {
  /** The marker as its first implementation built it: a string, CRC'd, padded. */
  const reference = (h: { seq: number; end: number; last: string }): Buffer => {
    const body = `{"podstate":"head","format":2,"seq":${h.seq},"end":${h.end},"last":"${h.last}"`;
    const line = `${body},"crc":"${crcHex(crc32(Buffer.from(body, 'latin1')))}"}`;
    return Buffer.from(`${line.padEnd(HEAD_BYTES - 1, ' ')}\n`, 'latin1');
  };

  it('encodeHead writes the reference bytes into a reused buffer, and decodeHead reads them back', () => {
    const into = Buffer.alloc(HEAD_BYTES, 0x41);
    fc.assert(
      fc.property(
        fc.record({
          seq: fc.oneof(fc.nat(1000), fc.nat(), fc.maxSafeNat()),
          end: fc.oneof(fc.integer({ min: HEAD_BYTES, max: 1 << 20 }), fc.maxSafeNat()),
          last: fc.nat().map((n) => crcHex(n >>> 0)),
        }),
        (h) => {
          fc.pre(h.end >= HEAD_BYTES);
          expect(encodeHead(h, into).equals(reference(h))).toBe(true);
          expect(decodeHead(into, HEAD_BYTES)).toEqual(h);
        },
      ),
      { seed, numRuns: 500, verbose: 1 },
    );
    // The comparison can fail: another seq gives other bytes.
    expect(
      encodeHead({ seq: 8, end: 200, last: '00000000' }).equals(
        reference({ seq: 9, end: 200, last: '00000000' }),
      ),
    ).toBe(false);
  });

  it("the writer's head encoder gives encodeHead's bytes for every marker of a sequence, shorter ones after longer included", () => {
    const marker = fc
      .record({
        seq: fc.oneof(fc.nat(1000), fc.nat(), fc.maxSafeNat()),
        end: fc.oneof(fc.integer({ min: HEAD_BYTES, max: 1 << 20 }), fc.maxSafeNat()),
        last: fc.nat().map((n) => crcHex(n >>> 0)),
      })
      .filter((h) => h.end >= HEAD_BYTES);
    fc.assert(
      fc.property(fc.array(marker, { minLength: 1, maxLength: 20 }), (markers) => {
        const encode = headEncoder();
        for (const h of markers) {
          expect(encode(h).equals(reference(h))).toBe(true);
          expect(decodeHead(encode(h), HEAD_BYTES)).toEqual(h);
        }
      }),
      { seed, numRuns: 300, verbose: 1 },
    );
    // A long marker then a short one: the short one's padding covers what the long one wrote.
    const encode = headEncoder();
    encode({ seq: Number.MAX_SAFE_INTEGER, end: Number.MAX_SAFE_INTEGER, last: 'ffffffff' });
    expect(
      encode({ seq: 1, end: 300, last: '0000000a' }).equals(
        reference({ seq: 1, end: 300, last: '0000000a' }),
      ),
    ).toBe(true);
  });

  it('hex8 spells a CRC as crcHex does', () => {
    fc.assert(
      fc.property(
        fc.nat().map((n) => n >>> 0),
        fc.integer({ min: 0, max: 0xffffffff }),
        (a, b) => {
          expect(hex8(a)).toBe(crcHex(a));
          expect(hex8(b)).toBe(crcHex(b));
        },
      ),
      { seed, numRuns: 1000 },
    );
    expect(hex8(0)).toBe('00000000');
    expect(hex8(0xffffffff)).toBe('ffffffff');
  });

  it('randomUuid gives distinct version-4 UUIDs (8-4-4-4-12, lowercase, variant 10) as crypto.randomUUID does', () => {
    const v4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
    const seen = new Set<string>();
    // Several pool refills (128 ids a refill).
    for (let i = 0; i < 5000; i++) {
      const id = randomUuid();
      expect(id).toMatch(v4);
      seen.add(id);
    }
    expect(seen.size).toBe(5000);
    expect(crypto.randomUUID()).toMatch(v4); // the same shape as node's own
    // Every hex digit position varies (the random bits are used, not a constant).
    const ids = [...seen];
    for (let p = 0; p < 36; p++) {
      if ([8, 13, 14, 18, 23].includes(p)) continue;
      expect(new Set(ids.map((id) => id[p])).size).toBeGreaterThan(p === 19 ? 3 : 8);
    }
  });
});
