import { closeSync, mkdtempSync, openSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hash32, IdSet } from './IdSet.js';

/** A file of one `{"id":…}` line per id; returns its fd and each line's offset. */
function idFile(ids: readonly string[]): { fd: number; offsets: number[] } {
  const lines = ids.map((id) => `{"v":1,"id":"${id}"}\n`);
  const offsets: number[] = [];
  let at = 0;
  for (const l of lines) {
    offsets.push(at);
    at += Buffer.byteLength(l);
  }
  const path = join(mkdtempSync(join(tmpdir(), 'idset-')), 'ids.jsonl');
  writeFileSync(path, lines.join(''));
  return { fd: openSync(path, 'r'), offsets };
}

describe('IdSet (verify: ids unique, in 12 bytes an id)', () => {
  it('tells apart two distinct ids with the same hash (read back from the file), and finds a repeat', () => {
    // Deterministic search for two ids whose 32-bit hashes collide (a birthday search).
    const seen = new Map<number, string>();
    let pair: [string, string] | undefined;
    for (let i = 0; pair === undefined; i++) {
      const id = `id-${i}`;
      const other = seen.get(hash32(id));
      if (other !== undefined) pair = [other, id];
      else seen.set(hash32(id), id);
    }
    const [a, b] = pair;
    expect(a).not.toBe(b);
    const { fd, offsets } = idFile([a, b, b]);
    try {
      const set = new IdSet(fd);
      expect(set.add(a, offsets[0]!)).toBe(true);
      expect(set.add(b, offsets[1]!)).toBe(true);
      expect(set.add(b, offsets[2]!)).toBe(false);
      expect(set.add(a, offsets[2]!)).toBe(false);
    } finally {
      closeSync(fd);
    }
  });

  it('holds 100,000 distinct ids through its growth and knows each again', () => {
    const ids = Array.from(
      { length: 100_000 },
      (_, i) => `00000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`,
    );
    const { fd, offsets } = idFile(ids);
    try {
      const set = new IdSet(fd);
      const added = ids.filter((id, i) => set.add(id, offsets[i]!)).length;
      expect(added).toBe(ids.length);
      const again = ids.filter((id, i) => i % 101 === 0 && set.add(id, offsets[i]!)).length;
      expect(again).toBe(0);
    } finally {
      closeSync(fd);
    }
  });
});
