import { type ChildProcess, fork, spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { isPodstateError } from '../errors.js';
import { acquireLock, holderState, unlockLog } from './lockFile.js';
import { openJsonlLog } from './openJsonlLog.js';
import { verifyLog } from './verifyLog.js';

const child = fileURLToPath(new URL('./fixtures/lockRaceChild.mjs', import.meta.url));
const dist = fileURLToPath(new URL('../../dist/log/index.js', import.meta.url));
// On tmpfs when there is one: the race is about the lock, and fsync there costs nothing.
const dir = mkdtempSync(join(existsSync('/dev/shm') ? '/dev/shm' : tmpdir(), 'podstate-lockrace-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rounds = Number(process.env.PODSTATE_LOCK_ROUNDS ?? 1000);
const boot = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim();
const pidns = readlinkSync('/proc/self/ns/pid');
/** A PID that surely does not run: that of a child that has exited. */
const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
const holder = (pid: number, start: number, token: string) =>
  `${JSON.stringify({ token, pid, boot, start, pidns, host: hostname() })}\n`;

/** The stale locks a crash leaves, in turn: a dead PID, a reused PID (live, other start time), a format-1 lock, an empty file. */
function staleLock(round: number): string {
  switch (round % 4) {
    case 0:
      return holder(deadPid, 4242, `dead-${round}`);
    case 1:
      return holder(process.pid, 1, `reused-${round}`);
    case 2:
      return `${deadPid}\n`;
    default:
      return '';
  }
}

interface Ack {
  round: number;
  seq: number;
  id: string;
}

/** The property: no seq acknowledged twice, and every acknowledged event is in the log at its seq. */
export function checkAcks(acks: readonly Ack[], logSeqOfId: ReadonlyMap<string, number>): string[] {
  const problems: string[] = [];
  const bySeq = new Map<number, Ack>();
  for (const a of acks) {
    const other = bySeq.get(a.seq);
    if (other)
      problems.push(
        `seq ${a.seq} acknowledged twice: ${other.id} (round ${other.round}) and ${a.id} (round ${a.round})`,
      );
    bySeq.set(a.seq, a);
    const at = logSeqOfId.get(a.id);
    if (at !== a.seq) problems.push(`${a.id} acknowledged at seq ${a.seq}, in the log at ${at ?? 'none'}`);
  }
  return problems;
}

describe('JSONL lock: atomic takeover of a stale lock', () => {
  it('the checker catches two writers acknowledging one seq, and a lost acknowledged event', () => {
    const bad = checkAcks(
      [
        { round: 1, seq: 2, id: 'a-1' },
        { round: 1, seq: 2, id: 'b-1' },
      ],
      new Map([['a-1', 2]]),
    );
    expect(bad).toEqual([
      'seq 2 acknowledged twice: a-1 (round 1) and b-1 (round 1)',
      'b-1 acknowledged at seq 2, in the log at none',
    ]);
  });

  it(`${rounds} rounds: three processes race to take over a stale lock; no seq is acknowledged twice, none is lost`, async () => {
    if (!existsSync(dist)) throw new Error(`${dist} is missing: run \`npx tsc -b packages/core\` first`);
    const path = join(dir, 'race.jsonl');
    const names = ['a', 'b', 'c'];
    const workers: ChildProcess[] = names.map((n) => fork(child, [path, n], { stdio: 'ignore' }));
    const replies: ((m: Record<string, unknown>) => void)[] = [];
    try {
      await Promise.all(workers.map((w) => new Promise((r) => w.once('message', r))));
      for (const [i, w] of workers.entries())
        w.on('message', (m) => replies[i]?.(m as Record<string, unknown>));
      const acks: Ack[] = [];
      let refusals = 0;
      let twoWinners = 0;
      for (let round = 0; round < rounds; round++) {
        writeFileSync(`${path}.lock`, staleLock(round));
        const answers = await Promise.all(
          workers.map(
            (w, i) =>
              new Promise<Record<string, unknown>>((resolve) => {
                replies[i] = resolve;
                w.send({ round });
              }),
          ),
        );
        const won = answers.filter((a) => typeof a.seq === 'number');
        for (const a of answers) {
          if (a.refused !== undefined) {
            expect(a.refused, `round ${round}`).toBe('locked_log');
            refusals++;
          }
        }
        if (won.length > 1) twoWinners++;
        acks.push(...won.map((a) => ({ round, seq: a.seq as number, id: a.id as string })));
        expect(existsSync(`${path}.lock`), `round ${round}: a lock was left behind`).toBe(false);
      }
      const log = await openJsonlLog(path, { readOnly: true });
      const seqOfId = new Map<string, number>();
      for await (const e of log.read()) seqOfId.set(e.id, e.seq);
      await log.close();
      expect(checkAcks(acks, seqOfId)).toEqual([]);
      expect(seqOfId.size).toBe(acks.length); // nothing written that was not acknowledged
      expect((await verifyLog(path)).ok).toBe(true);
      // Every round someone took the stale lock over; the others were refused or came after.
      expect(acks.length).toBeGreaterThanOrEqual(rounds);
      console.log(
        `lock race: ${rounds} rounds, ${acks.length} acknowledged appends, ${refusals} refused (locked_log), ${twoWinners} rounds with two or more successive winners`,
      );
      // No claim or private file is left beside the log.
      expect(readdirSync(dir).filter((n) => n.startsWith('race.jsonl.'))).toEqual([]);
    } finally {
      for (const w of workers) w.kill('SIGKILL');
    }
  }, 600_000);

  it('a live holder in a PID namespace that cannot be seen is not taken over; `podstate unlock` (unlockLog) removes its lock', () => {
    const path = join(dir, 'ns.jsonl');
    const foreign = JSON.stringify({ token: 'ns', pid: 1, boot, start: 5, pidns: 'pid:[1]', host: 'box' });
    writeFileSync(`${path}.lock`, `${foreign}\n`);
    const state = holderState(JSON.parse(foreign));
    // From the initial namespace every process is visible, so the holder is known dead; from a
    // container it cannot be judged. Either way the lock is never taken by a PID check alone.
    const seesAll = /^NSpid:\s*\d+\s*$/m.test(readFileSync('/proc/self/status', 'utf8'));
    expect(state).toBe(seesAll ? 'dead' : 'unknown');
    if (!seesAll) {
      const e = (() => {
        try {
          acquireLock(path);
        } catch (x) {
          return x;
        }
      })();
      expect(isPodstateError(e, 'locked_log')).toBe(true);
      expect((e as Error).message).toContain('podstate unlock --log ns.jsonl');
    }
    expect(unlockLog(path).removed).toBe(true);
    expect(existsSync(`${path}.lock`)).toBe(false);
    const release = acquireLock(path);
    expect(() => unlockLog(path)).toThrow(/is locked by pid/); // a live holder is never unlocked
    release();
  });
});
