import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { NewEvent } from '../events/envelope.js';
import { decodeHead, HEAD_BYTES } from './headMarker.js';
import { openJsonlLog } from './openJsonlLog.js';
import { SyncChooser } from './syncChooser.js';

const { CYCLE, PROBES } = SyncChooser;

/** Runs `cycles` cycles with the given wall time (ms) per side; returns the sides chosen, in order. */
function drive(c: SyncChooser, cycles: number, cost: (side: 'sync' | 'pool', n: number) => number) {
  const sides: ('sync' | 'pool')[] = [];
  for (let n = 0; n < cycles * CYCLE; n++) {
    const side = c.next();
    sides.push(side);
    c.record(side, cost(side, n));
  }
  return sides;
}

const count = (sides: readonly string[], side: string) => sides.filter((s) => s === side).length;

describe('SyncChooser: where a single durable append runs its fdatasync', () => {
  it('probes both sides at the start of every cycle, half each, alternately', () => {
    const sides = drive(new SyncChooser(), 3, () => 1);
    for (let k = 0; k < 3; k++) {
      const probes = sides.slice(k * CYCLE, k * CYCLE + PROBES);
      expect(probes).toEqual(Array.from({ length: PROBES }, (_, i) => (i % 2 === 0 ? 'sync' : 'pool')));
    }
  });

  it('uses the calling thread when its fdatasync is quicker (an idle machine: the pool adds wake-ups)', () => {
    const sides = drive(new SyncChooser(), 4, (side) => (side === 'sync' ? 0.13 : 0.17));
    // Outside the probes, every append is on the quicker side.
    expect(count(sides, 'pool')).toBe((4 * PROBES) / 2);
  });

  it('uses the thread pool when its fdatasync is quicker (busy cores)', () => {
    const sides = drive(new SyncChooser(), 4, (side) => (side === 'sync' ? 3.9 : 2.8));
    expect(count(sides, 'sync')).toBe((4 * PROBES) / 2);
  });

  it('follows a change of the machine from the next cycle on, both ways', () => {
    const c = new SyncChooser();
    // Quiet for 4 cycles, busy (the pool quicker) for 4, quiet again for 4.
    const busy = (cycle: number) => cycle >= 4 && cycle < 8;
    const sides = drive(c, 12, (side, n) =>
      busy(Math.floor(n / CYCLE)) ? (side === 'sync' ? 4 : 2) : side === 'sync' ? 0.13 : 0.17,
    );
    const chosen = Array.from({ length: 12 }, (_, k) => sides[k * CYCLE + PROBES]);
    expect(chosen).toEqual(Array.from({ length: 12 }, (_, k) => (busy(k) ? 'pool' : 'sync')));
  });

  it('one stalled or one lucky probe does not flip the choice (medians)', () => {
    const c = new SyncChooser();
    const sides = drive(c, 6, (side, n) => {
      // Cycle 3: one pool probe comes back very quick and one sync probe stalls for 50 ms.
      if (side === 'pool' && n === 3 * CYCLE + 1) return 0.01;
      if (side === 'sync' && n === 3 * CYCLE + 2) return 50;
      return side === 'sync' ? 0.13 : 0.2;
    });
    const chosen = (cycle: number) => sides[cycle * CYCLE + PROBES]!;
    expect([0, 1, 2, 3, 4, 5].map(chosen)).toEqual(['sync', 'sync', 'sync', 'sync', 'sync', 'sync']);
  });
});

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const ev = (i: number): NewEvent => ({
  type: 'node.updated',
  time: new Date(T0 + i * 1000).toISOString(),
  data: { labels: { i: String(i) } },
});
const tmpLog = () => join(mkdtempSync(join(tmpdir(), 'podstate-sync-')), 'events.jsonl');
const headOf = (path: string) => decodeHead(readFileSync(path), HEAD_BYTES)!;

describe('single durable appends on either side of the fdatasync (JSONL store, no group commit)', () => {
  afterEach(() => {
    SyncChooser.force = undefined;
  });

  /** Every record up to the marker's end is complete (no hole of a write not made yet). */
  const markedBytesComplete = (path: string) => {
    const file = readFileSync(path);
    const head = headOf(path);
    const body = file.subarray(HEAD_BYTES, head.end).toString('utf8');
    const seqs = body
      .split('\n')
      .slice(0, -1)
      .map((l) => (JSON.parse(l) as { seq: number }).seq);
    return { seq: head.seq, ok: seqs.length === head.seq && seqs.every((s, k) => s === k + 1) };
  };

  for (const side of ['sync', 'pool', undefined] as const) {
    const name =
      side === undefined ? 'chosen by measurement' : side === 'sync' ? 'calling thread' : 'thread pool';
    it(`${name}: an acknowledged append is durable and named by the head marker when its promise resolves; appends issued together keep their order`, async () => {
      SyncChooser.force = side;
      const path = tmpLog();
      const log = await openJsonlLog(path);
      // Forty appends issued together, while the writer probes both sides: a write on the calling
      // thread must never overtake one still queued for the pool (the marker would name a seq
      // whose predecessor's bytes are not written yet).
      const seen: { seq: number; ok: boolean; lastSeq: number }[] = [];
      await Promise.all(
        Array.from({ length: 40 }, (_, k) =>
          log.append(`node/n${k % 3}`, [ev(1 + k)]).then((r) => {
            seen.push({ ...markedBytesComplete(path), lastSeq: r.lastSeq });
          }),
        ),
      );
      expect(seen.map((s) => s.lastSeq)).toEqual(Array.from({ length: 40 }, (_, k) => 1 + k));
      for (const s of seen) {
        expect(s.ok).toBe(true);
        expect(s.seq).toBeGreaterThanOrEqual(s.lastSeq);
      }
      for (let i = 41; i <= 80; i++) {
        const r = await log.append(`node/n${i % 3}`, [ev(i)]);
        expect(r.lastSeq).toBe(i);
        const head = headOf(path);
        expect(head.seq).toBe(i);
        expect(head.last).toBe(r.events[0]!.crc);
        expect(head.end).toBe(readFileSync(path).length);
      }
      await log.close();
      const reopened = await openJsonlLog(path);
      const seqs: number[] = [];
      const times: string[] = [];
      for await (const e of reopened.read()) {
        seqs.push(e.seq);
        times.push(e.time);
      }
      await reopened.close();
      expect(seqs).toEqual(Array.from({ length: 80 }, (_, k) => k + 1));
      expect(times).toEqual(Array.from({ length: 80 }, (_, k) => ev(k + 1).time));
      expect(headOf(path).seq).toBe(80);
    });
  }
});
