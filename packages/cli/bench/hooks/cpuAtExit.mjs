// Preloaded (`node --import`) into every child the CLI benchmark measures: at exit, writes the
// process's own CPU time, its main thread's, and peak RSS to $PODSTATE_CPU_OUT.
import { readFileSync, writeFileSync } from 'node:fs';

/** The main thread's own CPU time (ms), without worker and helper threads (Linux; else undefined). */
function mainThreadCpuMs() {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return undefined;
  }
}

process.on('exit', () => {
  const u = process.cpuUsage();
  writeFileSync(
    process.env.PODSTATE_CPU_OUT,
    JSON.stringify({
      cpuMs: (u.user + u.system) / 1000,
      mainThreadCpuMs: mainThreadCpuMs(),
      maxRssBytes: process.resourceUsage().maxRSS * 1024,
    }),
  );
});
