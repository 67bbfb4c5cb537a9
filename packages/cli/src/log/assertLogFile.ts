import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { PodstateError } from '@podstate/core/views';

/** A JSONL log starts with its head marker (format 2) or, in format 1, with a record. */
const STARTS = ['{"podstate":"head"', '{"v":1,"seq":'];
const SNIFF = Math.max(...STARTS.map((s) => s.length));

/**
 * Refuses, before any store code touches it, a `--log` path that cannot be a JSONL log: a
 * directory (exit 2), a file in a directory that does not exist (exit 2), or an existing non-empty
 * file whose first bytes are not a podstate record (exit 3: it is not a podstate log, and nothing
 * may cut it as a "torn tail").
 */
export function assertLogFile(path: string, name: string, write: boolean): void {
  let stat: ReturnType<typeof statSync> | undefined;
  try {
    stat = statSync(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT') throw e;
  }
  if (stat === undefined) {
    if (!write) return;
    const dir = dirname(path);
    let dirStat: ReturnType<typeof statSync> | undefined;
    try {
      dirStat = statSync(dir);
    } catch {}
    if (dirStat === undefined || !dirStat.isDirectory()) {
      throw new PodstateError(
        'bad_input',
        `cannot create the log ${name}: the directory ${dir} does not exist; create it first or choose another --log`,
        { file: path },
      );
    }
    return;
  }
  if (stat.isDirectory()) {
    throw new PodstateError(
      'bad_input',
      `--log ${name} is a directory; give a file such as ${name.replace(/\/+$/, '')}/events.jsonl`,
      { file: path },
    );
  }
  if (!stat.isFile()) {
    throw new PodstateError('bad_input', `--log ${name} is not a regular file; give a JSONL log file`, {
      file: path,
    });
  }
  if (stat.size === 0) return;
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(SNIFF);
  let got: number;
  try {
    got = readSync(fd, head, 0, head.length, 0);
  } finally {
    closeSync(fd);
  }
  const text = head.subarray(0, got).toString('latin1');
  // A file shorter than a prefix may be a log torn while its first line was written.
  if (!STARTS.some((start) => start.startsWith(text) || text.startsWith(start))) {
    throw new PodstateError(
      'damaged_log',
      `${name} is not a podstate log: its first bytes are neither a head marker nor a JSONL record; nothing was changed. Check the --log path`,
      { file: path },
    );
  }
}
