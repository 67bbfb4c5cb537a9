import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openJsonlLog, profileOf, type RecordedEvent } from '@podstate/core';
import { afterAll, describe, expect, it } from 'vitest';
import { divergence } from '../packages/core/test/clusterDivergence.js';

// The bare actor equals the engine on every example: each example is run by the built binary into
// a log, and the log's events are fed to createActor(clusterMachine) and to an engine; at every
// event both accept it (the log replays), hold the same Pods, contexts and cluster.
const here = new URL('.', import.meta.url).pathname;
const bin = join(here, '../packages/cli/bin/podstate.js');
const dir = mkdtempSync(join(tmpdir(), 'podstate-cluster-machine-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const examples = readdirSync(here)
  .filter((f) => f.endsWith('.yaml'))
  .sort();

async function eventsOf(file: string): Promise<RecordedEvent[]> {
  const path = join(dir, `${file}.jsonl`);
  const r = spawnSync(process.execPath, [bin, 'run', file, '--log', path], { cwd: here, encoding: 'utf8' });
  expect(r.status, r.stderr).toBe(0);
  const log = await openJsonlLog(path);
  const events: RecordedEvent[] = [];
  for await (const e of log.read()) events.push(e);
  await log.close();
  return events;
}

describe('createActor(clusterMachine) fed each example’s log equals the engine', () => {
  it.each(examples)('%s', async (file) => {
    const events = await eventsOf(file);
    expect(events.length).toBeGreaterThan(0);
    expect(divergence(events, profileOf(events[0]))).toBeUndefined();
    // A refused event too: the log's last Pod fact sent first (no Pod has that uid yet) is refused
    // by both with the same refusal, and changes nothing in either.
    const last = events.findLast((e) => e.stream.startsWith('pod/') && e.type !== 'pod.created')!;
    expect(divergence([last, ...events], profileOf(events[0]))).toBeUndefined();
  });
});
