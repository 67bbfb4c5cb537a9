import type { CommandOption } from './command.js';

/** `--log` and `--store`: every command that reads or writes the log spreads these into its options. */
export const logOptions: readonly CommandOption[] = [
  {
    flags: '--log <file>',
    description: 'the JSONL event log (default: events.jsonl in the current directory)',
  },
  {
    flags: '--store <url>',
    description: 'a PostgreSQL event store, postgres://user@host/db (default: $PODSTATE_STORE, else --log)',
  },
];

/** `-o, --output <format>` restricted to `formats`, for commands with script-stable output. */
export function outputOption(formats: readonly string[]): CommandOption {
  return {
    flags: '-o, --output <format>',
    description: `output format: ${formats.join(', ')}`,
    choices: formats,
  };
}
