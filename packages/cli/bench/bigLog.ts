// The big log the CLI benches share (cli-replay, cli-reopen-checkpoint, cli-replay-workers):
// generateLog's events written by the JSONL store itself, as a user's writer would.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openJsonlLog } from '@podstate/core';
import { generateLog } from '../../core/bench/generateLog.js';

/** Writes `events` through the JSONL store (group commit, appends issued in seq order). */
export async function writeLog(
  path: string,
  events: ReturnType<typeof generateLog>['events'],
): Promise<void> {
  rmSync(path, { force: true });
  const log = await openJsonlLog(path, { groupCommit: {} });
  const inFlight: Promise<unknown>[] = [];
  for (const e of events) {
    inFlight.push(log.append(e.stream, [{ type: e.type, time: e.time, data: e.data }]));
    if (inFlight.length >= 2000) await Promise.all(inFlight.splice(0));
  }
  await Promise.all(inFlight);
  await log.close();
}

/**
 * `dir/replay-<PODSTATE_BENCH_EVENTS>.jsonl` (1M events by default); with `reuse`, a log a
 * previous run left there (with its `.events` count) is taken as it is.
 */
export async function bigLog(dir: string, reuse: boolean): Promise<{ path: string; events: number }> {
  const n = Number(process.env.PODSTATE_BENCH_EVENTS ?? 1_000_000);
  const path = join(dir, `replay-${n}.jsonl`);
  const countPath = `${path}.events`;
  if (reuse && existsSync(path) && existsSync(countPath)) {
    return { path, events: Number(readFileSync(countPath, 'utf8')) };
  }
  const { events } = generateLog();
  await writeLog(path, events);
  writeFileSync(countPath, String(events.length));
  return { path, events: events.length };
}
