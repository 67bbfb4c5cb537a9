import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import type { RecordedEvent } from '../events/envelope.js';
import { encodeRecord } from '../log/encodeRecord.js';
import { openJsonlLog } from '../log/openJsonlLog.js';
import { readJsonlOnce } from './readJsonlOnce.js';

let dir: string;
let path: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'podstate-read-'));
  path = join(dir, 'events.jsonl');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const t = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString();

/** A log written by the store: two Pods' streams, a node, and a two-event batch. */
async function writeLog(): Promise<RecordedEvent[]> {
  const log = await openJsonlLog(path);
  await log.append('node/n1', [{ type: 'node.registered', time: t(0), data: { node: 'n1' } }]);
  await log.append('pod/a', [{ type: 'pod.created', time: t(1), data: { manifest: {} } }]);
  await log.append('pod/a', [
    { type: 'pod.scheduled', time: t(2), data: { node: 'n1' } },
    { type: 'pod.sandbox.ready', time: t(2), data: { podIP: '10.0.0.1' } },
  ]);
  await log.append('pod/b', [{ type: 'pod.created', time: t(3), data: { manifest: {} } }]);
  await log.append('pod/a', [{ type: 'pod.removed', time: t(4), data: {} }]);
  const all: RecordedEvent[] = [];
  for await (const e of log.read()) all.push(e);
  await log.close();
  return all;
}

const readAll = (options = {}) => {
  const seen: RecordedEvent[] = [];
  const r = readJsonlOnce(path, (e) => seen.push(e) > 0, options);
  return { seen, r };
};

/** The file's lines with line `seq` replaced by `edit(record)`, re-encoded with a valid CRC. */
function rewrite(seq: number, edit: (r: RecordedEvent) => RecordedEvent): void {
  const lines = readFileSync(path, 'utf8').split('\n');
  // Line 1 is the head marker: seq N is on line N + 1.
  lines[seq] = encodeRecord(edit(JSON.parse(lines[seq]!)));
  writeFileSync(path, lines.join('\n'));
}

function thrown(f: () => unknown): { code: string; message: string } {
  try {
    f();
  } catch (e) {
    if (isPodstateError(e)) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('did not throw');
}

describe('readJsonlOnce: the read-only commands’ one-pass read', () => {
  it('hands over exactly the events the store reads, in seq order', async () => {
    const stored = await writeLog();
    const { seen, r } = readAll();
    expect(seen).toEqual(stored);
    expect(r).toMatchObject({ head: 6, headTime: t(4), stopped: false });
    expect(r.tornTail).toBeUndefined();
  });

  it('stops before the event onEvent refuses, and says so', async () => {
    await writeLog();
    const seen: number[] = [];
    const r = readJsonlOnce(path, (e) => e.seq <= 3 && seen.push(e.seq) > 0);
    expect(seen).toEqual([1, 2, 3]);
    expect(r).toMatchObject({ head: 3, stopped: true });
  });

  it('a flipped byte is damage naming the file, line and byte offset (exit 3)', async () => {
    await writeLog();
    const bytes = readFileSync(path);
    const line3 = bytes.indexOf('\n', bytes.indexOf('\n') + 1) + 1; // seq 2
    bytes[line3 + 30] = bytes[line3 + 30]! ^ 1;
    writeFileSync(path, bytes);
    const e = thrown(() => readAll());
    expect(e.code).toBe('damaged_log');
    expect(e.message).toMatch(new RegExp(`^events\\.jsonl line 3 \\(byte offset ${line3}\\): CRC mismatch`));
  });

  it('checks seq and each stream’s rev although it keeps no index', async () => {
    await writeLog();
    rewrite(4, (r) => ({ ...r, rev: 7 }));
    expect(thrown(() => readAll()).message).toMatch(/line 5 .*rev 7 of stream pod\/a where 3 was expected/);
    rewrite(4, (r) => ({ ...r, rev: 3 }));
    rewrite(5, (r) => ({ ...r, seq: 9 }));
    expect(thrown(() => readAll()).message).toMatch(/line 6 .*seq 9 where 5 was expected/);
  });

  it('reads only what the head marker acknowledges: bytes past it are an append in progress', async () => {
    await writeLog();
    appendFileSync(path, '{"v":1,"seq":7,');
    const { seen, r } = readAll();
    expect(seen.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(r.tornTail).toBeUndefined();
  });

  it('an acknowledged record cut off is damage, not a torn tail', async () => {
    await writeLog();
    const lines = readFileSync(path, 'utf8').split('\n');
    writeFileSync(path, `${lines.slice(0, 3).join('\n')}\n`); // the marker and seq 1-2 of 6
    const e = thrown(() => readAll());
    expect(e.code).toBe('damaged_log');
    expect(e.message).toMatch(/head marker says seq 6 was acknowledged/);
  });

  it('in a format-1 log (no marker) a batch cut short at the end is a torn tail: reported, not handed over', async () => {
    const stored = await writeLog();
    // Format 1: the records from byte 0, the batch [seq 3, seq 4] cut after its first record.
    writeFileSync(path, `${stored.slice(0, 3).map(encodeRecord).join('\n')}\n`);
    const { seen, r } = readAll();
    expect(seen.map((e) => e.seq)).toEqual([1, 2]);
    expect(r.tornTail).toMatch(/line 3 .*incomplete batch of 2/);
  });

  it('resumes after a given seq, offset and stream revisions (a checkpoint)', async () => {
    const stored = await writeLog();
    const upTo = readJsonlOnce(path, (e) => e.seq <= 4);
    const { seen } = readAll({
      start: {
        seq: upTo.head,
        offset: upTo.end,
        revisions: new Map([
          ['node/n1', 1],
          ['pod/a', 3],
        ]),
      },
    });
    expect(seen).toEqual(stored.slice(4));
  });

  it('a missing file is bad input naming it', () => {
    const e = thrown(() => readAll());
    expect(e).toMatchObject({ code: 'bad_input' });
    expect(e.message).toContain('events.jsonl does not exist');
  });
});
