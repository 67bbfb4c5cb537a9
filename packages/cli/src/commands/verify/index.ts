import { PodstateError, verifyLog } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { logOptions, outputOption } from '../../options.js';
import { formatStructured } from '../../output/formatStructured.js';
import { requireJsonlPath } from '../requireJsonlPath.js';

interface VerifyOptions {
  log?: string;
  store?: string;
  output?: 'json' | 'yaml';
}

/** `podstate verify`: checks the log's integrity; exit 0 clean, 3 damaged, naming each problem's line and offset. */
export const verifyCommand = defineCommand<VerifyOptions>({
  name: 'verify',
  summary: 'check the log: CRCs, seq and rev contiguity, unique ids, complete batches',
  description:
    "Check a JSONL log without changing it: every line's CRC and envelope, seq contiguous from 1, rev " +
    'contiguous per stream, unique ids, complete atomic batches and a terminated last line. Exits 0 when ' +
    "clean and 3 when damaged, naming each problem's line and byte offset.",
  options: [...logOptions, outputOption(['json', 'yaml'])],
  examples: [
    { description: 'check events.jsonl in the current directory', command: 'podstate verify' },
    {
      description: 'print the report as JSON for a script',
      command: 'podstate verify --log run1.jsonl -o json',
    },
  ],
  async run({ options }, ctx) {
    const { path, name } = requireJsonlPath(options, ctx, 'verify');
    const report = await verifyLog(path);
    if (options.output !== undefined) {
      const shown = { ...report, file: name };
      ctx.io.stdout.write(formatStructured(shown, options.output));
      if (report.ok) return 0;
    } else if (report.ok) {
      ctx.print(`${name}: ok, ${report.records} records, head seq ${report.head}`);
      return 0;
    }
    const lines = report.problems.map((p) => p.message);
    if (report.truncated) lines.push('… more problems not shown');
    lines.push(
      `${name} is damaged. podstate repair --log ${name} keeps the valid records before the first problem ` +
        'and moves everything after it to a .damaged file beside the log.',
    );
    throw new PodstateError('damaged_log', lines.join('\n'), { file: path });
  },
});
