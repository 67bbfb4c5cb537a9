import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { NewEvent, RecordedEvent } from '../events/envelope.js';
import { HEAD_BYTES } from './headMarker.js';
import { openJsonlLog } from './openJsonlLog.js';
import { repairLog } from './repairLog.js';
import { verifyLog } from './verifyLog.js';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'podstate-faults-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ev = (i: number): NewEvent => ({
  type: 'node.updated',
  time: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(),
  data: { labels: { i: String(i), note: 'ünïcode ✓' } },
});

async function all(log: { read(): AsyncIterable<RecordedEvent> }): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of log.read()) out.push(e);
  return out;
}

interface Built {
  bytes: Buffer;
  /** File size after each append (sizes[0]: the empty log, its head marker only). */
  sizes: number[];
  /** The head marker after each append: what the writer had acknowledged then. */
  heads: Buffer[];
}

/** A log of 5 single appends, then a 3-event batch, with the size and head marker after each append. */
async function buildLog(): Promise<Built> {
  const path = join(dir, 'source.jsonl');
  rmSync(path, { force: true });
  const log = await openJsonlLog(path);
  const snap = () => readFileSync(path);
  const sizes = [snap().length];
  const heads = [snap().subarray(0, HEAD_BYTES)];
  for (let i = 1; i <= 5; i++) {
    await log.append(`node/n${i % 2}`, [ev(i)]);
    sizes.push(snap().length);
    heads.push(snap().subarray(0, HEAD_BYTES));
  }
  await log.append('node/b', [ev(6), ev(7), ev(8)]);
  sizes.push(snap().length);
  heads.push(snap().subarray(0, HEAD_BYTES));
  await log.close();
  return { bytes: readFileSync(path), sizes, heads };
}

/**
 * The file as a crash during append `k + 1` can leave it: the marker still names append `k` (the last
 * acknowledged one), followed by the records and whatever bytes of the torn write `tail` gives.
 */
function crashedDuring(b: Built, k: number, tail: Buffer): Buffer {
  return Buffer.concat([b.heads[k]!, tail.subarray(HEAD_BYTES)]);
}

let n = 0;
function fileWith(content: Buffer): string {
  const d = join(dir, `case-${n++}`);
  mkdirSync(d, { recursive: true });
  const p = join(d, 'events.jsonl');
  writeFileSync(p, content);
  return p;
}

async function recovered(path: string) {
  const warnings: string[] = [];
  const log = await openJsonlLog(path, { onWarning: (m) => warnings.push(m) });
  const events = await all(log);
  // The recovered log accepts appends again at the next seq.
  const next = await log.append('node/after', [ev(99)]);
  await log.close();
  return { warnings, events, nextSeq: next.lastSeq };
}

describe('JSONL store fault injection', () => {
  let good: Built;
  let full: RecordedEvent[];
  beforeAll(async () => {
    good = await buildLog();
    const reader = await openJsonlLog(join(dir, 'source.jsonl'), { readOnly: true });
    full = await all(reader);
    await reader.close();
  });

  it('truncated at every byte offset of the last single record: recovers the previous acknowledged state', async () => {
    const [start, end] = [good.sizes[4]!, good.sizes[5]!];
    for (let cut = start + 1; cut < end; cut++) {
      const r = await recovered(fileWith(crashedDuring(good, 4, good.bytes.subarray(0, cut))));
      expect(r.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toContain(`torn tail of ${cut - start} bytes`);
      expect(r.nextSeq).toBe(5);
    }
  });

  it('truncated at every byte offset of the last batch: the incomplete batch is rolled back whole', async () => {
    const [start, end] = [good.sizes[5]!, good.sizes[6]!];
    for (let cut = start + 1; cut < end; cut++) {
      const path = fileWith(crashedDuring(good, 5, good.bytes.subarray(0, cut)));
      const r = await recovered(path);
      expect(r.events).toEqual(full.slice(0, 5));
      expect(r.warnings[0]).toContain(`torn tail of ${cut - start} bytes`);
      expect(readFileSync(`${path}.torn-6`)).toEqual(good.bytes.subarray(start, cut));
      expect(r.nextSeq).toBe(6);
    }
  });

  it('a NUL run past the acknowledged head (with or without a partial line) is a torn tail', async () => {
    const nul = Buffer.alloc(4096);
    const cases = [
      Buffer.concat([good.bytes, nul]),
      crashedDuring(good, 5, Buffer.concat([good.bytes.subarray(0, good.sizes[6]! - 40), nul])),
      crashedDuring(
        good,
        4,
        Buffer.concat([good.bytes.subarray(0, good.sizes[4]!), nul, Buffer.from('\n'), nul]),
      ),
    ];
    const heads = [8, 5, 4];
    for (const [i, c] of cases.entries()) {
      const r = await recovered(fileWith(c));
      expect(r.events.length).toBe(heads[i]);
      expect(r.warnings).toHaveLength(1);
    }
  });

  it('a NUL run followed by valid records is damage: open refuses', async () => {
    const bytes = Buffer.from(good.bytes);
    bytes.fill(0, good.sizes[2]! + 10, good.sizes[2]! + 30);
    const e = await openJsonlLog(fileWith(bytes)).catch((x) => x);
    expect(isPodstateError(e, 'damaged_log')).toBe(true);
    expect(e.message).toContain('line 4');
  });

  it('acknowledged records are never cut as a torn tail: NULs over the last line, a flipped final newline, a cut at a line boundary', async () => {
    const nulOverEnd = Buffer.from(good.bytes);
    nulOverEnd.fill(0, good.sizes[6]! - 30);
    const flippedNewline = Buffer.from(good.bytes);
    flippedNewline[good.sizes[6]! - 1] = 0x0b;
    const cases = [
      nulOverEnd,
      flippedNewline,
      good.bytes.subarray(0, good.sizes[5]!),
      good.bytes.subarray(0, good.sizes[3]!),
    ];
    for (const bytes of cases) {
      const path = fileWith(bytes);
      const e = await openJsonlLog(path).catch((x) => x);
      expect(isPodstateError(e, 'damaged_log'), String(e)).toBe(true);
      expect(e.message).toContain('the head marker says seq 8');
      expect(e.message).toContain('podstate repair');
      expect(readFileSync(path)).toEqual(bytes); // nothing cut
      expect(readdirSync(join(path, '..'))).toEqual(['events.jsonl']); // no .torn-N, no lock left
      expect((await verifyLog(path)).problems.map((p) => p.kind)).toContain('head');
    }
    // repair keeps the valid prefix, says which acknowledged records are gone, and leaves a clean log.
    const path = fileWith(good.bytes.subarray(0, good.sizes[5]!));
    const repaired = await repairLog(path);
    expect(repaired.message).toContain('Acknowledged records 6..8 were damaged or missing');
    expect((await verifyLog(path)).ok).toBe(true);
    expect((await recovered(path)).events).toEqual(full.slice(0, 5));
  });

  it('complete appends past the marker (synced, not yet marked when the writer died) are kept and marked', async () => {
    const path = fileWith(crashedDuring(good, 5, good.bytes));
    const r = await recovered(path);
    expect(r.events).toEqual(full);
    expect(r.warnings).toEqual([]);
    expect(r.nextSeq).toBe(9);
    expect((await verifyLog(path)).ok).toBe(true);
  });

  it('a format-1 log (no head marker) stays readable, and its first writer upgrades it in place', async () => {
    const records = good.bytes.subarray(HEAD_BYTES);
    const path = fileWith(records);
    const reader = await openJsonlLog(path, { readOnly: true });
    expect(await all(reader)).toEqual(full);
    await reader.close();
    expect((await verifyLog(path)).ok).toBe(true);
    const r = await recovered(path);
    expect(r.events).toEqual(full);
    expect(r.nextSeq).toBe(9);
    const upgraded = readFileSync(path);
    expect(upgraded.subarray(0, 18).toString()).toBe('{"podstate":"head"');
    expect(upgraded.subarray(HEAD_BYTES, HEAD_BYTES + records.length)).toEqual(records);
    expect((await verifyLog(path)).ok).toBe(true);
    expect(readdirSync(join(path, '..'))).toEqual(['events.jsonl']);
  });

  it('one flipped bit mid-file: open refuses naming line and offset, verify reports it, repair fixes it', async () => {
    const bytes = Buffer.from(good.bytes);
    const at = good.sizes[2]! + 40;
    bytes[at] = bytes[at]! ^ 0x04;
    const path = fileWith(bytes);
    const e = await openJsonlLog(path).catch((x) => x);
    expect(isPodstateError(e, 'damaged_log')).toBe(true);
    expect(e.message).toContain(`line 4 (byte offset ${good.sizes[2]})`);
    expect(e.message).toContain('podstate repair');
    expect(readFileSync(path)).toEqual(bytes); // nothing changed
    expect(existsSync(`${path}.lock`)).toBe(false);

    const report = await verifyLog(path);
    expect(report.ok).toBe(false);
    expect(report.problems[0]).toMatchObject({ line: 4, offset: good.sizes[2], kind: 'crc' });
    expect(readFileSync(path)).toEqual(bytes);

    const repaired = await repairLog(path);
    expect(repaired).toMatchObject({
      keptRecords: 2,
      keptBytes: good.sizes[2],
      cutBytes: bytes.length - good.sizes[2]!,
    });
    expect(repaired.cutLines).toBe(6);
    expect(readFileSync(repaired.movedTo!)).toEqual(bytes.subarray(good.sizes[2]!));
    expect((await verifyLog(path)).ok).toBe(true);
    const r = await recovered(path);
    expect(r.events).toEqual(full.slice(0, 2));
    expect(r.warnings).toEqual([]);
  });

  it('a flipped bit in the last complete line is damage too (a torn write leaves NULs or a cut, not a wrong bit)', async () => {
    const bytes = Buffer.from(good.bytes);
    bytes[good.sizes[5]! + 20]! ^= 0x01;
    const e = await openJsonlLog(fileWith(bytes)).catch((x) => x);
    expect(isPodstateError(e, 'damaged_log')).toBe(true);
  });

  it('verify flags seq gaps, rev gaps, reused ids and an incomplete batch', async () => {
    // A format-1 file (no marker), so the line numbers are the seqs.
    const lines = good.bytes.subarray(HEAD_BYTES).toString('utf8').trimEnd().split('\n');
    const path = fileWith(Buffer.from(`${[lines[0], lines[2], lines[2], lines[5]].join('\n')}\n`));
    const kinds = (await verifyLog(path)).problems.map((p) => [p.line, p.kind]);
    expect(kinds).toEqual([
      [2, 'seq'],
      [3, 'seq'],
      [3, 'rev'],
      [3, 'id'],
      [4, 'seq'],
      [4, 'batch'],
    ]);
  });

  it('a second writer gets locked_log naming the pid; a reader needs no lock; a stale lock is taken over', async () => {
    const path = fileWith(good.bytes);
    const w = await openJsonlLog(path);
    const e = await openJsonlLog(path).catch((x) => x);
    expect(isPodstateError(e, 'locked_log')).toBe(true);
    expect(e.message).toContain(`events.jsonl is locked by pid ${process.pid}`);
    const reader = await openJsonlLog(path, { readOnly: true });
    expect((await reader.head()).seq).toBe(8);
    await reader.close();
    await w.close();
    writeFileSync(`${path}.lock`, '999999999\n'); // no such process
    const again = await openJsonlLog(path);
    expect(JSON.parse(readFileSync(`${path}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    await again.close();
    expect(readdirSync(join(path, '..'))).not.toContain('events.jsonl.lock');
  });

  it('a reader tails the writer: an unterminated last line is "not yet written"', async () => {
    const path = fileWith(good.bytes);
    const w = await openJsonlLog(path);
    const reader = await openJsonlLog(path, { readOnly: true, pollMs: 5 });
    const seen: number[] = [];
    const sub = reader.live$(7).subscribe((e) => seen.push(e.seq));
    await w.append('node/z', [ev(9)]);
    await w.append('node/z', [ev(10), ev(11)]);
    await until(() => seen.length === 5);
    expect(seen).toEqual([7, 8, 9, 10, 11]);
    await w.close();
    writeFileSync(path, Buffer.concat([readFileSync(path), Buffer.from('{"v":1,"seq":12,"str')]));
    await new Promise((r) => setTimeout(r, 30));
    expect((await reader.head()).seq).toBe(11);
    expect(seen).toEqual([7, 8, 9, 10, 11]);
    sub.unsubscribe();
    await reader.close();
  });
});

async function until(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
}
