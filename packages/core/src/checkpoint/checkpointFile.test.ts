import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonlLog } from '../log/openJsonlLog.js';
import { CHECKPOINTS_KEPT, findCheckpoint, listCheckpoints, writeCheckpoint } from './checkpointFile.js';

const version = { writer: 'test 1', schema: 's1' };

/** A log of `n` node events; returns its path and each record's end offset and time. */
async function logOf(n: number) {
  const path = join(mkdtempSync(join(tmpdir(), 'podstate-ckpt-')), 'events.jsonl');
  const log = await openJsonlLog(path);
  const points: { seq: number; time: string; end: number }[] = [];
  for (let i = 1; i <= n; i++) {
    const time = `2024-05-01T12:00:${String(i).padStart(2, '0')}.000Z`;
    await log.append(`node/n${i}`, [{ type: 'node.registered', time, data: { node: `n${i}` } }]);
  }
  await log.close();
  let end = 128;
  for (const [i, line] of readFileSync(path, 'utf8').split('\n').slice(1, -1).entries()) {
    end += Buffer.byteLength(line) + 1;
    points.push({ seq: i + 1, time: JSON.parse(line).time, end });
  }
  return { path, points, firstTime: points[0]!.time };
}

describe('checkpoint files', () => {
  it(`keep the newest ${CHECKPOINTS_KEPT}; the newest valid one at or before a point is found; a writer's continued CRC checks`, async () => {
    const { path, points, firstTime } = await logOf(6);
    let from: ReturnType<typeof findCheckpoint<{ n: number }>>;
    for (const p of points) {
      // Each one continues the previous one's prefix CRC (from), as writers do.
      writeCheckpoint(path, { ...p, firstTime }, { n: p.seq }, version, from?.header);
      from = findCheckpoint<{ n: number }>(path, { version, warn: (m) => expect.fail(m) });
      expect(from?.body).toEqual({ n: p.seq });
    }
    expect(listCheckpoints(path).map((c) => c.seq)).toEqual([6, 5, 4, 3]);
    const at4 = findCheckpoint<{ n: number }>(path, {
      version,
      accept: (h) => h.seq <= 4,
      warn: expect.fail,
    });
    expect(at4?.body).toEqual({ n: 4 });
    expect(findCheckpoint(path, { version, accept: (h) => h.seq <= 2, warn: expect.fail })).toBeUndefined();
  });

  it('another writer version or schema: every checkpoint is ignored, each with a warning', async () => {
    const { path, points, firstTime } = await logOf(2);
    for (const p of points) writeCheckpoint(path, { ...p, firstTime }, {}, version);
    for (const other of [
      { ...version, writer: 'test 2' },
      { ...version, schema: 's2' },
    ]) {
      const warnings: string[] = [];
      expect(findCheckpoint(path, { version: other, warn: (m) => warnings.push(m) })).toBeUndefined();
      expect(warnings).toEqual(
        [2, 1].map((s) =>
          expect.stringMatching(
            new RegExp(`^checkpoint events\\.jsonl\\.checkpoint-${s} was written by test 1 \\(schema s1\\)`),
          ),
        ),
      );
    }
  });
});
