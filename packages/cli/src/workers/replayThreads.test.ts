// When a replay is split over threads by default (issue 14 item 3): a big log, two cores or more,
// and a core idle; --workers and PODSTATE_WORKERS override it, a checkpoint beside the log does not split.
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AUTO_WORKERS_BYTES, replayThreads } from './replayThreads.js';

const dir = mkdtempSync(join(tmpdir(), 'podstate-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A sparse file of `size` bytes (only its size counts here). */
function fileOf(name: string, size: number): string {
  const path = join(dir, name);
  writeFileSync(path, '');
  truncateSync(path, size);
  return path;
}

const idle2 = () => ({ cores: 2, load: 0.2 });

describe('replayThreads: the default number of threads of a cold replay', () => {
  const big = fileOf('big.jsonl', AUTO_WORKERS_BYTES);
  const small = fileOf('small.jsonl', AUTO_WORKERS_BYTES - 1);

  it('splits a log of 64 MiB or more over 2 threads on an idle machine with 2 cores', () => {
    expect(replayThreads(undefined, {}, big, idle2)).toBe(2);
    expect(replayThreads(undefined, {}, small, idle2)).toBe(1);
    expect(replayThreads(undefined, {}, big, () => ({ cores: 1, load: 0 }))).toBe(1);
  });

  it('keeps one thread while the load average leaves no core idle (the second thread would get none)', () => {
    expect(replayThreads(undefined, {}, big, () => ({ cores: 2, load: 0.5 }))).toBe(2);
    expect(replayThreads(undefined, {}, big, () => ({ cores: 2, load: 0.51 }))).toBe(1);
    expect(replayThreads(undefined, {}, big, () => ({ cores: 2, load: 12 }))).toBe(1);
    expect(replayThreads(undefined, {}, big, () => ({ cores: 8, load: 6.4 }))).toBe(2);
  });

  it('--workers, then PODSTATE_WORKERS, decide whatever the load; a checkpoint beside the log keeps one thread', () => {
    const busy = () => ({ cores: 2, load: 12 });
    expect(replayThreads(2, {}, small, busy)).toBe(2);
    expect(replayThreads(undefined, { PODSTATE_WORKERS: '3' }, small, busy)).toBe(3);
    expect(replayThreads(1, { PODSTATE_WORKERS: '3' }, big, idle2)).toBe(1);
    expect(replayThreads(undefined, { PODSTATE_WORKERS: '1' }, big, idle2)).toBe(1);
    const ck = fileOf('ck.jsonl', AUTO_WORKERS_BYTES);
    writeFileSync(`${ck}.checkpoint-5`, 'x');
    expect(replayThreads(2, {}, ck, idle2)).toBe(1);
  });
});
