import { closeSync, mkdtempSync, openSync, readSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { NewEvent } from '../events/envelope.js';
import { decodeHead, HEAD_BYTES } from './headMarker.js';
import { openJsonlLog } from './openJsonlLog.js';

const T0 = Date.UTC(2024, 4, 1, 12, 0, 0);
const ev = (i: number): NewEvent => ({
  type: 'node.updated',
  time: new Date(T0 + i * 1000).toISOString(),
  data: { labels: { i: String(i) } },
});

/** The seq the head marker names now (what the writer has acknowledged). */
function markedSeq(path: string): number {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(HEAD_BYTES);
  try {
    readSync(fd, buf, 0, HEAD_BYTES, 0);
  } finally {
    closeSync(fd);
  }
  return decodeHead(buf, HEAD_BYTES)!.seq;
}

describe('group commit keeps groups balanced (the next group is encoded while one is fdatasynced)', () => {
  it('with N appends in flight, the groups settle near N/2 each, not 1 and N-1; every append resolves once its group is marked durable', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'podstate-groups-')), 'events.jsonl');
    const log = await openJsonlLog(path, { groupCommit: {} });
    const inFlight = 200;
    const total = 6000;
    // The marker each append sees when its promise resolves: appends of one group see that
    // group's last seq (the next group's marker is written only after its own fdatasync).
    const seenAt = new Map<number, number>();
    let next = 0;
    await Promise.all(
      Array.from({ length: inFlight }, async () => {
        while (next < total) {
          const i = next++;
          const r = await log.append(`node/n${i % 7}`, [ev(i)]);
          const marked = markedSeq(path);
          expect(marked).toBeGreaterThanOrEqual(r.lastSeq);
          seenAt.set(marked, (seenAt.get(marked) ?? 0) + 1);
        }
      }),
    );
    await log.close();
    const sizes = [...seenAt.entries()].sort((a, b) => a[0] - b[0]).map(([, n]) => n);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    // Past the first few groups and before the appenders run out, every group holds a share near
    // half of those in flight.
    const middle = sizes.slice(4, -4);
    expect(middle.length).toBeGreaterThan(10);
    for (const n of middle) {
      expect(n).toBeGreaterThanOrEqual(inFlight / 4);
      expect(n).toBeLessThanOrEqual((3 * inFlight) / 4);
    }
  });
});
