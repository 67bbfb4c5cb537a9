// Preloaded (`node --import`) into every child the CLI benchmark measures: at exit, writes the
// process's own CPU time and peak RSS to $PODSTATE_CPU_OUT.
import { writeFileSync } from 'node:fs';

process.on('exit', () => {
  const u = process.cpuUsage();
  writeFileSync(
    process.env.PODSTATE_CPU_OUT,
    JSON.stringify({ cpuMs: (u.user + u.system) / 1000, maxRssBytes: process.resourceUsage().maxRSS * 1024 }),
  );
});
