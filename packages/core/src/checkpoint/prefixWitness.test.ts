// The prefix witness (log/prefixWitness.ts): a checkpoint is bound to the log's bytes by reading
// only the bytes after it when the log file is unchanged since a writer vouched for its CRC; any
// change of the prefix (a flipped byte, with or without its mtime put back, a truncation, another
// file renamed over it, a damaged witness) falls back to reading the prefix, so a checkpoint of
// other bytes is never trusted.
import {
  closeSync,
  copyFileSync,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  statSync,
  truncateSync,
  utimesSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openJsonlLog } from '../log/openJsonlLog.js';
import { crcOfRange, readPrefixWitness, witnessPath, writePrefixWitness } from '../log/prefixWitness.js';
import { repairLog } from '../log/repairLog.js';
import { findCheckpoint, writeCheckpoint } from './checkpointFile.js';

const version = { writer: 'test 1', schema: 's1' };
const time = (i: number) =>
  `2024-05-01T12:${String(Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}.000Z`;

async function appendNodes(path: string, from: number, to: number, prefix = 'n'): Promise<void> {
  const log = await openJsonlLog(path);
  for (let i = from; i <= to; i++)
    await log.append(`node/${prefix}${i}`, [
      { id: `${prefix}-${i}`, type: 'node.registered', time: time(i), data: { node: `${prefix}${i}` } },
    ]);
  await log.close();
}

/** End offset of each record of the log at `path` (index = seq - 1). */
function ends(path: string): number[] {
  let end = 128;
  return readFileSync(path, 'utf8')
    .split('\n')
    .slice(1, -1)
    .map((l) => {
      end += Buffer.byteLength(l) + 1;
      return end;
    });
}

/**
 * A log of 40 node events with a checkpoint at seq 30 (written by writeCheckpoint), then 10 more
 * appended by a writer, whose close leaves the witness.
 */
async function logWithWitness() {
  const path = join(mkdtempSync(join(tmpdir(), 'podstate-witness-')), 'events.jsonl');
  await appendNodes(path, 1, 30);
  const at30 = ends(path)[29]!;
  writeCheckpoint(path, { seq: 30, time: time(30), firstTime: time(1), end: at30 }, { n: 30 }, version);
  await appendNodes(path, 31, 40);
  return { path, at30 };
}

function find(path: string) {
  const warnings: string[] = [];
  const found = findCheckpoint<{ n: number }>(path, { version, warn: (m) => warnings.push(m) });
  return { found, warnings };
}

/** Flips one byte of the log in place at `offset` (the file's mtime and ctime change). */
function flipByte(path: string, offset: number): void {
  const fd = openSync(path, 'r+');
  try {
    const b = Buffer.alloc(1);
    readSync(fd, b, 0, 1, offset);
    b[0] = b[0] === 0x31 ? 0x32 : 0x31;
    writeSync(fd, b, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

const STALE =
  /checkpoint events\.jsonl\.checkpoint-30 is stale: the log's bytes up to seq 30 are not the ones it summarises/;

describe('checkpoints bound through the prefix witness', () => {
  it("a writer's close leaves the witness: the checkpoint is bound by reading only the bytes after it", async () => {
    const { path } = await logWithWitness();
    expect(existsSync(witnessPath(path))).toBe(true);
    const fd = openSync(path, 'r');
    try {
      // What it vouches for is true: the CRC of every record byte, read the long way.
      const w = readPrefixWitness(path, fd)!;
      expect(w).toEqual({
        start: 128,
        end: statSync(path).size,
        crc: crcOfRange(fd, 128, statSync(path).size),
      });
    } finally {
      closeSync(fd);
    }
    const { found, warnings } = find(path);
    expect(warnings).toEqual([]);
    expect(found?.body).toEqual({ n: 30 });
    expect(found?.bound).toBe('witness');
  });

  it('no witness beside a log without checkpoints (nothing would read it)', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'podstate-witness-')), 'events.jsonl');
    await appendNodes(path, 1, 3);
    expect(existsSync(witnessPath(path))).toBe(false);
  });

  it('a byte flipped in the prefix after the writer closed: the witness no longer applies, the checkpoint is ignored with a warning', async () => {
    const { path, at30 } = await logWithWitness();
    flipByte(path, at30 - 40);
    const { found, warnings } = find(path);
    expect(found).toBeUndefined();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(STALE);
  });

  it('the same with the mtime put back (utimes): ctime still tells the file changed', async () => {
    const { path, at30 } = await logWithWitness();
    // A whole-second mtime (utimes cannot set nanoseconds), and a witness for the file as it is then.
    const T = 1_700_000_000;
    utimesSync(path, T, T);
    const fd = openSync(path, 'r');
    try {
      const size = statSync(path).size;
      writePrefixWitness(path, fd, { start: 128, end: size, crc: crcOfRange(fd, 128, size) });
    } finally {
      closeSync(fd);
    }
    expect(find(path).found?.bound).toBe('witness');
    const before = statSync(path, { bigint: true });
    flipByte(path, at30 - 40);
    utimesSync(path, T, T);
    const after = statSync(path, { bigint: true });
    expect([after.mtimeNs, after.size, after.ino]).toEqual([before.mtimeNs, before.size, before.ino]);
    expect(after.ctimeNs).not.toBe(before.ctimeNs);
    const { found, warnings } = find(path);
    expect(found).toBeUndefined();
    expect(warnings[0]).toMatch(STALE);
  });

  it('cut inside the prefix (podstate repair keeps 20 records), then 20 other records appended: the new witness does not vouch for the old checkpoint', async () => {
    const { path } = await logWithWitness();
    truncateSync(path, ends(path)[19]!);
    await repairLog(path);
    await appendNodes(path, 21, 40, 'm');
    expect(ends(path).at(-1)).toBeGreaterThan(ends(path)[29]!);
    expect(existsSync(witnessPath(path))).toBe(true);
    const { found, warnings } = find(path);
    expect(found).toBeUndefined();
    expect(warnings[0]).toMatch(STALE);
  });

  it('another log renamed over this one (its witness too): the checkpoint is ignored with a warning', async () => {
    const { path } = await logWithWitness();
    const other = join(mkdtempSync(join(tmpdir(), 'podstate-witness-')), 'events.jsonl');
    // Same first 10 records (same ids, same bytes), then others; a checkpoint beside it so its
    // writer leaves a witness.
    await appendNodes(other, 1, 10);
    writeCheckpoint(
      other,
      { seq: 10, time: time(10), firstTime: time(1), end: ends(other)[9]! },
      { n: 10 },
      version,
    );
    await appendNodes(other, 11, 45, 'x');
    expect(existsSync(witnessPath(other))).toBe(true);
    renameSync(other, path);
    // First the witness of the replaced file (its inode is gone), then the other log's own.
    let { found, warnings } = find(path);
    expect(found).toBeUndefined();
    expect(warnings[0]).toMatch(STALE);
    copyFileSync(witnessPath(other), witnessPath(path));
    ({ found, warnings } = find(path));
    expect(found).toBeUndefined();
    expect(warnings[0]).toMatch(STALE);
  });

  it('a damaged witness is ignored: the prefix is read, and a valid checkpoint is still used', async () => {
    const { path } = await logWithWitness();
    const w = readFileSync(witnessPath(path));
    w[w.indexOf('"prefix":"') + 10] ^= 1;
    writeFileSync(witnessPath(path), w);
    const { found, warnings } = find(path);
    expect(warnings).toEqual([]);
    expect(found?.body).toEqual({ n: 30 });
    expect(found?.bound).toBe('prefix');
  });

  it('a witness of this very file whose CRC disagrees with the checkpoint: the prefix decides (valid checkpoint kept)', async () => {
    const { path } = await logWithWitness();
    const fd = openSync(path, 'r');
    try {
      const w = readPrefixWitness(path, fd)!;
      writePrefixWitness(path, fd, { ...w, crc: (w.crc ^ 1) >>> 0 });
      expect(readPrefixWitness(path, fd)?.crc).toBe((w.crc ^ 1) >>> 0);
    } finally {
      closeSync(fd);
    }
    const { found, warnings } = find(path);
    expect(warnings).toEqual([]);
    expect(found?.bound).toBe('prefix');
  });

  it('a checkpoint written at the log end leaves the witness itself; the next read is bound by it', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'podstate-witness-')), 'events.jsonl');
    await appendNodes(path, 1, 12);
    const at12 = ends(path)[11]!;
    writeCheckpoint(path, { seq: 12, time: time(12), firstTime: time(1), end: at12 }, { n: 12 }, version);
    expect(existsSync(witnessPath(path))).toBe(true);
    const { found } = find(path);
    expect(found?.header.seq).toBe(12);
    expect(found?.bound).toBe('witness');
  });
});
