import { readFileSync } from 'node:fs';

/**
 * CPU time (user + system, ms) of the calling thread alone, from Linux's /proc/thread-self/stat
 * (10 ms ticks); undefined elsewhere. For PODSTATE_WORKERS_TRACE and the benchmark: how the work
 * was shared between the threads.
 */
export function threadCpuMs(): number | undefined {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    // Fields after the command name (which may hold spaces) in parentheses: utime is the 12th, stime the 13th.
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}
