import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const child = fileURLToPath(new URL('./fixtures/diskFullChild.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/log/index.js', import.meta.url));
const mountPoint = mkdtempSync(join(tmpdir(), 'podstate-diskfull-'));
afterAll(() => rmSync(mountPoint, { recursive: true, force: true }));

/**
 * A real full disk: a 256 KiB tmpfs mounted in a private mount namespace (`unshare -rm`: as root, or
 * as a user where unprivileged user namespaces are allowed), so nothing outside sees it and it goes
 * away with the child that runs the scenarios.
 */
function runOnSmallTmpfs() {
  const r = spawnSync(
    'unshare',
    [
      '-rm',
      'sh',
      '-c',
      `mount -t tmpfs -o size=256k tmpfs "$1" && exec "$2" "$3" "$1"`,
      'sh',
      mountPoint,
      process.execPath,
      child,
    ],
    { encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) throw new Error(`the disk-full child failed (${r.status}): ${r.stderr}${r.stdout}`);
  return JSON.parse(r.stdout);
}

describe('JSONL store on a full disk (a real 256 KiB tmpfs)', () => {
  it('appends until ENOSPC (group commit; single appends with the fdatasync on the calling thread and on the thread pool): every acknowledged event is kept, no rejected event comes back on reopen, no stray file; the log takes appends again', () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npx tsc -b packages/core\` first`);
    const out = runOnSmallTmpfs();
    for (const mode of ['group', 'single-sync', 'single-pool'] as const) {
      const r = out[mode];
      expect(r.rejected.length, mode).toBeGreaterThan(0);
      expect(r.codes, mode).toContain('ENOSPC');
      expect(r.acked.length, mode).toBeGreaterThan(100);
      // Exactly the acknowledged events, in order of seq: none lost, none of the rejected ones.
      expect([...r.stored].sort(), mode).toEqual([...r.acked].sort());
      expect(
        r.stored.filter((id: string) => r.rejected.includes(id)),
        mode,
      ).toEqual([]);
      expect(r.verifyOk, mode).toBe(true);
      expect(r.files, mode).toEqual(['events.jsonl']);
      expect(r.nextSeq, mode).toBe(r.acked.length + 1);
    }
    // Creating a log on a full disk: refused with ENOSPC, leaving no log, no lock, no private file.
    expect(out.create).toEqual({ error: 'ENOSPC', files: [] });
    // A torn tail that cannot be copied aside for want of space: nothing cut, no empty .torn-N, no
    // lock left; with space again it is cut as usual.
    expect(out.torn).toMatchObject({
      error: 'ENOSPC',
      whileFull: ['events.jsonl'],
      unchanged: true,
      head: 3,
      warnings: 1,
    });
    expect(out.torn.files).toEqual(['events.jsonl', 'events.jsonl.torn-4']);
  }, 120_000);
});
