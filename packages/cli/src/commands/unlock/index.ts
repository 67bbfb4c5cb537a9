import { existsSync } from 'node:fs';
import { PodstateError, unlockLog } from '@podstate/core';
import { defineCommand } from '../../command.js';
import { resolveLogTarget } from '../../log/openLogFromOptions.js';
import { logOptions } from '../../options.js';

interface UnlockOptions {
  log?: string;
  store?: string;
}

/** `podstate unlock`: removes a JSONL log's writer lock whose holder no longer runs or cannot be seen. */
export const unlockCommand = defineCommand<UnlockOptions>({
  name: 'unlock',
  summary: "remove a JSONL log's writer lock left by a writer that no longer runs",
  description:
    'A writer that died leaves <log>.lock behind; the next writer takes it over by itself when it can ' +
    'tell the holder is gone (another boot, or a process that no longer runs with that start time). ' +
    'A holder in a PID namespace this process cannot see (another container) cannot be judged: ' +
    'writers refuse (exit 3) and name this command. unlock removes the lock unless its holder visibly ' +
    'runs (then exit 3); make sure no writer runs in the other container first.',
  options: [...logOptions],
  examples: [
    { description: 'remove the stale lock of events.jsonl', command: 'podstate unlock' },
    { description: 'the lock of another log', command: 'podstate unlock --log run1.jsonl' },
  ],
  async run({ options }, ctx) {
    const target = resolveLogTarget(options, ctx.io.env, ctx.io.cwd);
    if (target.kind !== 'jsonl') {
      throw new PodstateError(
        'bad_input',
        `podstate unlock works on JSONL logs; ${target.name} is PostgreSQL, which has no lock file.`,
      );
    }
    if (!existsSync(target.path) && !existsSync(`${target.path}.lock`)) {
      throw new PodstateError(
        'bad_input',
        `no event log at ${target.name}: pass --log <file> to choose the log to unlock`,
      );
    }
    ctx.print(unlockLog(target.path).message);
    return 0;
  },
});
