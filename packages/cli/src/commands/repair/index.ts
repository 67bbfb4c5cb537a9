import { closeSync, fsyncSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { PodstateError, type RecordedEvent, repairLog } from '@podstate/core';
import { encodeRecord } from '@podstate/core/internal';
import { recordTrace } from '@podstate/core/invariants';
import type { PostgresLog } from '@podstate/store-postgres';
import { type CommandContext, defineCommand } from '../../command.js';
import { profileOf } from '../../engine/loadEngine.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions } from '../../options.js';
import { requireJsonlPath } from '../requireJsonlPath.js';

interface RepairOptions {
  log?: string;
  store?: string;
  yes?: boolean;
}

/** `podstate repair`: keeps the log's longest valid prefix and moves the rest aside. */
export const repairCommand = defineCommand<RepairOptions>({
  name: 'repair',
  summary: 'cut a damaged log back to its longest valid prefix, keeping the cut bytes aside',
  description:
    'Repair a JSONL log that podstate refuses to open: keep the longest valid prefix (valid CRCs, ' +
    'contiguous seq and rev, unique ids, complete batches) and move every byte after it to ' +
    '<log>.damaged-<seq> beside the log, so nothing is deleted. Takes the writer lock. A clean log is left as it is. ' +
    'On PostgreSQL (--store): finds the first event that does not replay (or whose CRC does not match) and, ' +
    'with --yes, removes it and everything after it in one transaction, after writing the removed events to ' +
    'podstate-<schema>.removed-<seq>.jsonl in the current directory; without --yes it only says what it would cut.',
  options: [
    ...logOptions,
    { flags: '--yes', description: 'PostgreSQL: really remove the events after the last good seq' },
  ],
  examples: [
    { description: 'repair events.jsonl in the current directory', command: 'podstate repair' },
    {
      description: 'repair another log, then check it',
      command: 'podstate repair --log run1.jsonl && podstate verify --log run1.jsonl',
    },
    {
      description: 'see what a repair of a PostgreSQL log would cut, then do it',
      command: 'podstate repair --store "$URL" && podstate repair --store "$URL" --yes',
    },
  ],
  async run({ options }, ctx) {
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    if (target.kind === 'postgres') return repairStore(ctx, options, target.name);
    const { path } = requireJsonlPath(options, ctx, 'repair');
    const report = await repairLog(path);
    ctx.print(report.message);
    return 0;
  },
});

/** The seq of the first event that does not replay or whose CRC does not match its fields; undefined when none. */
function firstBad(events: RecordedEvent[]): { seq: number; why: string } | undefined {
  for (const e of events) {
    const crc = encodeRecord(e).slice(-10, -2);
    if (e.crc !== undefined && e.crc !== crc)
      return { seq: e.seq, why: `its CRC does not match (the row was edited)` };
  }
  const trace = recordTrace(events, profileOf(events[0]));
  const refused = trace.steps.findIndex((s) => !s.ok);
  if (refused < 0) return undefined;
  const e = events[refused]!;
  return { seq: e.seq, why: `${e.type} does not replay: ${trace.steps[refused]!.rejection}` };
}

async function repairStore(ctx: CommandContext, options: RepairOptions, name: string): Promise<number> {
  const { log } = await ctx.openLog(options, { write: true });
  const store = log as PostgresLog;
  try {
    const events: RecordedEvent[] = [];
    for await (const e of store.read()) events.push(e);
    const bad = firstBad(events);
    if (!bad) {
      ctx.print(`${name} is valid (${events.length} events, each replays); nothing cut.`);
      return 0;
    }
    const keep = bad.seq - 1;
    const file = `podstate-${store.schema}.removed-${bad.seq}.jsonl`;
    const plan = `event seq ${bad.seq}: ${bad.why}. Repair keeps seq 1..${keep} and removes seq ${bad.seq}..${events.length}`;
    if (!options.yes) {
      throw new PodstateError(
        'bad_input',
        `${plan} (${events.length - keep} events), writing them to ${file} first. Run again with --yes to do it.`,
      );
    }
    // Written and synced before the removal commits; a failure here removes nothing.
    const removed = await store.cutAfter(keep, async (rows) => {
      const fd = openSync(join(ctx.io.cwd, file), 'wx');
      try {
        for (const r of rows) writeSync(fd, `${encodeRecord(r)}\n`);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    });
    ctx.print(
      `${name}: kept ${keep} events; removed ${removed.length} (seq ${bad.seq}..${keep + removed.length}), copied to ${file}.`,
    );
    return 0;
  } finally {
    await log.close();
  }
}
