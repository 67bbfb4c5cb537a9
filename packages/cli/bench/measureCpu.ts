// One CPU measurement for the CLI benches: runs `node <args>` with the cpuAtExit hook, which writes
// the child's own CPU time and peak RSS to `outFile` as it exits.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const hook = fileURLToPath(new URL('../../../../packages/cli/bench/hooks/cpuAtExit.mjs', import.meta.url));

export interface CpuSample {
  cpuMs: number;
  /** The main thread alone (Linux), without worker threads and V8's helper threads. */
  mainThreadCpuMs?: number;
  maxRssBytes: number;
  stdout: string;
  stderr: string;
}

/** Runs `node <args>` with the CPU hook, its figures written to `outFile`; throws on a non-zero exit. */
export function measureCpu(args: readonly string[], outFile: string): CpuSample {
  rmSync(outFile, { force: true });
  const r = spawnSync(process.execPath, ['--import', hook, ...args], {
    env: { ...process.env, PODSTATE_CPU_OUT: outFile },
    maxBuffer: 1 << 30,
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  const m = JSON.parse(readFileSync(outFile, 'utf8')) as {
    cpuMs: number;
    mainThreadCpuMs?: number;
    maxRssBytes: number;
  };
  return { ...m, stdout: r.stdout, stderr: r.stderr };
}
