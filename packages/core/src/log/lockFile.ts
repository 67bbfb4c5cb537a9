import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { basename } from 'node:path';
import { PodstateError } from '../errors.js';

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: the process exists but belongs to someone else.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes the single-writer lock of `logPath`: `<logPath>.lock`, created with O_EXCL, holding our pid.
 * A lock whose pid is dead (a crashed writer) is taken over. Throws PodstateError('locked_log') when
 * a live process, this one included, holds it. Returns the release function.
 */
export function acquireLock(logPath: string): () => void {
  const lockPath = `${logPath}.lock`;
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return () => releaseLock(lockPath);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let text = '';
    try {
      text = readFileSync(lockPath, 'utf8');
    } catch {
      continue; // released meanwhile
    }
    const pid = Number.parseInt(text, 10);
    // An empty lock file may be a writer between create and write: treat it as held unless it stays empty.
    if (text === '' && attempt < 4) continue;
    if (Number.isInteger(pid) && pid > 0 && isAlive(pid)) {
      throw new PodstateError(
        'locked_log',
        `${basename(logPath)} is locked by pid ${pid}. Stop that writer, or open the log read-only.`,
        { file: logPath, pid },
      );
    }
    try {
      unlinkSync(lockPath); // stale: its writer died
    } catch {}
  }
  throw new PodstateError('locked_log', `${basename(logPath)}: could not take the lock ${lockPath}; retry.`, {
    file: logPath,
  });
}

function releaseLock(lockPath: string): void {
  try {
    if (Number.parseInt(readFileSync(lockPath, 'utf8'), 10) === process.pid) unlinkSync(lockPath);
  } catch {}
}
