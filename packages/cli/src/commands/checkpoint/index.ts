import { defineCommand } from '../../command.js';
import { checkpointLog } from '../../engine/checkpointLog.js';
import { CHECKPOINT_EVERY } from '../../engine/checkpoints.js';
import { logOptions } from '../../options.js';
import { requireJsonlPath } from '../requireJsonlPath.js';

interface CheckpointOptions {
  log?: string;
  store?: string;
}

/** `podstate checkpoint`: writes a checkpoint of a JSONL log at its last event. */
export const checkpointCommand = defineCommand<CheckpointOptions>({
  name: 'checkpoint',
  summary: 'write a checkpoint of a JSONL log, so later commands replay only what follows it',
  description:
    'Replays the log (from its newest valid checkpoint) and writes <log>.checkpoint-<seq> beside it: ' +
    'the engine and the views at the last event, tied to the exact bytes of the log up to there and to ' +
    'this version of podstate. Read-only commands (get, describe, status, mounts, hosts, --at too) then ' +
    'start from the newest checkpoint at or before the point and replay only the rest. A checkpoint ' +
    'that is stale (the log was rewritten or cut), foreign (another log), damaged or written by another ' +
    `version is ignored with a warning. Writing commands (run, append) leave one by themselves once ${CHECKPOINT_EVERY.toLocaleString('en-US')} ` +
    'events follow the newest; the newest four are kept.',
  options: [...logOptions],
  examples: [{ description: 'checkpoint events.jsonl', command: 'podstate checkpoint --log events.jsonl' }],
  async run({ options }, ctx) {
    const { path, name } = requireJsonlPath(options, ctx, 'checkpoint');
    const r = checkpointLog(path, ctx.io.stderr);
    if (r.written !== undefined) ctx.print(`checkpoint of ${name} at seq ${r.seq}: ${r.written}`);
    else if (r.seq === 0) ctx.print(`${name} is empty: no checkpoint written`);
    else ctx.print(`${name} already has a checkpoint at its last event, seq ${r.seq}`);
    return 0;
  },
});
