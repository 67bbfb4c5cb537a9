import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeEventLogContract } from '../testing/logContract.js';
import { openJsonlLog } from './openJsonlLog.js';

for (const [name, groupCommit] of [
  ['jsonl file', undefined],
  ['jsonl file, group commit', { maxBatch: 3 }],
] as const) {
  describeEventLogContract(name, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'podstate-log-'));
    const log = await openJsonlLog(join(dir, 'events.jsonl'), groupCommit ? { groupCommit } : {});
    return { log, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
  });
}
