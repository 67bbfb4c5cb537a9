import { repairLog } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { logOptions } from '../../options.js';
import { requireJsonlPath } from '../requireJsonlPath.js';

interface RepairOptions {
  log?: string;
  store?: string;
}

/** `podstate repair`: keeps the log's longest valid prefix and moves the rest aside. */
export const repairCommand = defineCommand<RepairOptions>({
  name: 'repair',
  summary: 'cut a damaged log back to its longest valid prefix, keeping the cut bytes aside',
  description:
    'Repair a JSONL log that podstate refuses to open: keep the longest valid prefix (valid CRCs, ' +
    'contiguous seq and rev, unique ids, complete batches) and move every byte after it to ' +
    '<log>.damaged-<seq> beside the log, so nothing is deleted. Takes the writer lock. A clean log is left as it is.',
  options: [...logOptions],
  examples: [
    { description: 'repair events.jsonl in the current directory', command: 'podstate repair' },
    {
      description: 'repair another log, then check it',
      command: 'podstate repair --log run1.jsonl && podstate verify --log run1.jsonl',
    },
  ],
  async run({ options }, ctx) {
    const { path } = requireJsonlPath(options, ctx, 'repair');
    const report = await repairLog(path);
    ctx.print(report.message);
    return 0;
  },
});
