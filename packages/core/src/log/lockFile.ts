import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  linkSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { PodstateError } from '../errors.js';

/**
 * Who holds a lock: enough to tell, without trusting a PID alone, whether that process still runs.
 * `boot` is the kernel's boot id (a reboot ends every holder); `start` the process's start time in
 * clock ticks since boot (a reused PID has another one); `pidns` its PID namespace (a PID means
 * nothing in another namespace); `token` is unique per lock taken.
 */
export interface LockHolder {
  token: string;
  pid: number;
  boot: string;
  start: number;
  pidns: string;
  host: string;
}

/** What can be said about a holder from here. */
export type HolderState = 'alive' | 'dead' | 'unknown';

interface Self extends LockHolder {
  /** True when this process sees every process of the machine (it is in the initial PID namespace). */
  seesAll: boolean;
}

let self: Omit<Self, 'token'> | undefined;

function readOr(path: string, fallback: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); -1 when there is no such running process. */
function startTime(pid: number | 'self'): number {
  const stat = readOr(`/proc/${pid}/stat`, '');
  if (stat === '') return -1;
  // The command name (field 2) may hold spaces and parentheses: count fields after its last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // A zombie (exited, not yet reaped by its parent) holds nothing any more.
  if (fields[0] === 'Z' || fields[0] === 'X') return -1;
  return Number(fields[19]);
}

function pidNamespace(pid: number | 'self'): string {
  try {
    return readlinkSync(`/proc/${pid}/ns/pid`);
  } catch {
    return '';
  }
}

function identity(): Omit<Self, 'token'> {
  if (self) return self;
  const nspid = /^NSpid:\s*(.*)$/m.exec(readOr('/proc/self/status', ''));
  self = {
    pid: process.pid,
    boot: readOr('/proc/sys/kernel/random/boot_id', '').trim(),
    start: startTime('self'),
    pidns: pidNamespace('self'),
    host: hostname(),
    seesAll: nspid ? nspid[1]!.trim().split(/\s+/).length === 1 : false,
  };
  return self;
}

/**
 * Parses a lock or claim file; a format-1 lock (`<pid>\n`) gives a holder known by its PID only.
 * @internal
 */
export function parseHolder(text: string): LockHolder | undefined {
  try {
    const h = JSON.parse(text) as LockHolder;
    if (typeof h.token === 'string' && Number.isInteger(h.pid)) return h;
  } catch {}
  const pid = Number.parseInt(text, 10);
  if (/^\d+\n?$/.test(text) && pid > 0) {
    return { token: `pid-${pid}`, pid, boot: '', start: -1, pidns: '', host: '' };
  }
  return undefined;
}

/**
 * Whether `h` still runs. A different boot id: dead (the machine restarted; a JSONL log is not shared
 * between machines). The same PID namespace: alive when that PID runs with the recorded start time.
 * Another namespace: alive when a process we can see is in that namespace with that start time; dead
 * when none is and we see every process (initial namespace); otherwise unknown.
 * @internal
 */
export function holderState(h: LockHolder): HolderState {
  const me = identity();
  if (h.boot === '') {
    // A format-1 lock names a PID and nothing else: judged by it, in our namespace, as before.
    try {
      process.kill(h.pid, 0);
      return 'alive';
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'EPERM' ? 'alive' : 'dead';
    }
  }
  if (me.boot === '' || h.boot !== me.boot) return me.boot === '' ? 'unknown' : 'dead';
  if (h.pidns === me.pidns) return startTime(h.pid) === h.start ? 'alive' : 'dead';
  let procs: string[] = [];
  try {
    procs = readdirSync('/proc').filter((p) => /^\d+$/.test(p));
  } catch {}
  for (const p of procs) {
    const pid = Number(p);
    if (pidNamespace(pid) === h.pidns && startTime(pid) === h.start) return 'alive';
  }
  return me.seesAll ? 'dead' : 'unknown';
}

function lockedError(logPath: string, h: LockHolder, state: HolderState): PodstateError {
  const file = basename(logPath);
  const where = h.host && h.host !== identity().host ? ` on host ${h.host}` : '';
  if (state === 'alive') {
    return new PodstateError(
      'locked_log',
      `${file} is locked by pid ${h.pid}${where}. Stop that writer, or open the log read-only.`,
      { file: logPath, pid: h.pid },
    );
  }
  return new PodstateError(
    'locked_log',
    `${file} is locked by pid ${h.pid}${where} in another PID namespace (a container?), which cannot be ` +
      `seen from here. If no podstate writer runs there any more, run \`podstate unlock --log ${file}\`.`,
    { file: logPath, pid: h.pid },
  );
}

/** A fresh holder record for this process, written (and synced) to a private file beside the lock. */
function writeOwn(lockPath: string): { holder: LockHolder; tmp: string } {
  const holder: LockHolder = { token: randomBytes(12).toString('hex'), ...stripSeesAll(identity()) };
  const tmp = `${lockPath}.${holder.token}.tmp`;
  const fd = openSync(tmp, 'wx');
  try {
    // Not fsynced: after a power loss the boot id differs, so every lock is stale whatever it holds.
    writeSync(fd, `${JSON.stringify(holder)}\n`);
  } catch (e) {
    closeSync(fd);
    unlinkQuiet(tmp); // a full disk leaves no stray file
    throw e;
  }
  closeSync(fd);
  return { holder, tmp };
}

function stripSeesAll(s: Omit<Self, 'token'>): Omit<LockHolder, 'token'> {
  const { seesAll: _, ...rest } = s;
  return rest;
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {}
}

interface Found {
  /** The file's exact text: what a taker compares before it unlinks. */
  text: string;
  holder: LockHolder | undefined;
}

function readHolder(path: string): Found | 'absent' {
  try {
    const text = readFileSync(path, 'utf8');
    return { text, holder: parseHolder(text) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
}

/** A lock file with no readable holder (a crash of a format-1 writer between create and write) is dead. */
const stateOf = (f: Found): HolderState => (f.holder ? holderState(f.holder) : 'dead');

/** Names the claim that guards the removal of exactly this file content. */
const claimOf = (lockPath: string, f: Found) =>
  `${lockPath}.takeover-${f.holder?.token ?? createHash('sha256').update(f.text).digest('hex').slice(0, 24)}`;

/**
 * Removes `path` (a lock or a claim) whose holder is dead, atomically with respect to every other
 * process doing the same: only the one that creates `<lock>.takeover-<holder token>` (link(2), which
 * fails if it exists) may unlink it, and it unlinks only if `path` still holds the same text. A claim
 * left by a taker that died is removed the same way, one level down.
 */
function removeDead(lockPath: string, path: string, found: Found, own: string, depth: number): void {
  if (depth > 8) return;
  const claim = claimOf(lockPath, found);
  try {
    linkSync(own, claim);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    const taker = readHolder(claim);
    if (taker !== 'absent' && stateOf(taker) === 'dead') removeDead(lockPath, claim, taker, own, depth + 1);
    return; // a live taker is at work, or it finished meanwhile: look again
  }
  try {
    const now = readHolder(path);
    if (now !== 'absent' && now.text === found.text) unlinkSync(path);
  } finally {
    unlinkQuiet(claim); // after the unlink: whoever wins this claim later finds the holder gone
  }
}

/**
 * Takes the single-writer lock of `logPath`: `<logPath>.lock`, a JSON line naming this process (see
 * {@link LockHolder}), created complete and atomically with link(2). A lock whose holder is dead is
 * taken over atomically (see `removeDead`): two processes can never both hold it. Throws
 * PodstateError('locked_log') when a live process, this one included, holds it, or when its holder
 * cannot be judged from here (then `podstate unlock` is the documented way out). Returns the release.
 * @internal
 */
export function acquireLock(logPath: string): () => void {
  const lockPath = `${logPath}.lock`;
  const { holder, tmp } = writeOwn(lockPath);
  try {
    for (let attempt = 0; attempt < 50; attempt++) {
      try {
        linkSync(tmp, lockPath);
        sweepLeftovers(lockPath);
        return () => releaseLock(lockPath, holder.token);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
      const current = readHolder(lockPath);
      if (current === 'absent') continue; // released meanwhile
      const state = stateOf(current);
      if (state !== 'dead') throw lockedError(logPath, current.holder!, state);
      removeDead(lockPath, lockPath, current, tmp, 0);
    }
    throw new PodstateError(
      'locked_log',
      `${basename(logPath)}: could not take the lock ${lockPath}; retry.`,
      {
        file: logPath,
      },
    );
  } finally {
    unlinkQuiet(tmp);
  }
}

/** Removes private files and claims left beside the lock by processes that died. */
function sweepLeftovers(lockPath: string): void {
  const dir = dirname(lockPath);
  const prefix = `${basename(lockPath)}.`;
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const n of names) {
    const f = readHolder(join(dir, n));
    if (f !== 'absent' && f.holder && holderState(f.holder) === 'dead') unlinkQuiet(join(dir, n));
  }
}

function releaseLock(lockPath: string, token: string): void {
  try {
    const f = readHolder(lockPath);
    if (f !== 'absent' && f.holder?.token === token) unlinkSync(lockPath);
  } catch {}
}

/** What {@link unlockLog} did. */
export interface UnlockReport {
  removed: boolean;
  holder?: LockHolder;
  state?: HolderState;
  message: string;
}

/**
 * `podstate unlock`: removes the lock of `logPath` when its holder is dead or cannot be judged from
 * here (another PID namespace); refuses (locked_log) while the holder visibly runs.
 */
export function unlockLog(logPath: string): UnlockReport {
  const lockPath = `${logPath}.lock`;
  const file = basename(logPath);
  const current = readHolder(lockPath);
  if (current === 'absent') return { removed: false, message: `${file} is not locked; nothing to do.` };
  const state = stateOf(current);
  const h = current.holder;
  if (state === 'alive') throw lockedError(logPath, h!, state);
  const { tmp } = writeOwn(lockPath);
  try {
    removeDead(lockPath, lockPath, current, tmp, 0);
  } finally {
    unlinkQuiet(tmp);
  }
  if (readHolder(lockPath) !== 'absent') {
    throw new PodstateError(
      'locked_log',
      `${file}: the lock changed while it was being removed; run again.`,
      {
        file: logPath,
      },
    );
  }
  const pid = h ? ` (pid ${h.pid}, ${state === 'dead' ? 'no longer running' : 'not visible from here'})` : '';
  return {
    removed: true,
    ...(h ? { holder: h } : {}),
    state,
    message: `${file}: removed the lock${pid}. The next writer recovers the log as after a crash.`,
  };
}
