import { existsSync } from 'node:fs';
import { PodstateError } from '@podstate/core';
import type { CommandContext } from '../command.js';
import { type LogSelection, resolveLogTarget } from '../log/openLogFromOptions.js';

/**
 * The JSONL file a file-level command (verify, repair) works on. Refuses a PostgreSQL store, whose
 * constraints already guarantee what these commands check, and a file that does not exist.
 */
export function requireJsonlPath(
  selection: LogSelection,
  ctx: CommandContext,
  command: string,
): { path: string; name: string } {
  const target = resolveLogTarget(selection, ctx.io.env, ctx.io.cwd);
  if (target.kind !== 'jsonl') {
    throw new PodstateError(
      'bad_input',
      `podstate ${command} works on JSONL logs; ${target.name} is PostgreSQL, whose constraints keep seq, rev and ids consistent. ` +
        'Pass --log <file> (and unset PODSTATE_STORE) to work on a file.',
    );
  }
  if (!existsSync(target.path)) {
    throw new PodstateError(
      'bad_input',
      `no event log at ${target.name}: pass --log <file> to choose the log to ${command}`,
    );
  }
  return { path: target.path, name: target.name };
}
