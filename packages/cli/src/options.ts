import { parseLabelSelector } from '@podstate/projections/views';
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

/** `-n`, `-A`: which namespace a command looks for Pods in (kubectl's flags). */
export const namespaceOptions: readonly CommandOption[] = [
  {
    flags: '-n, --namespace <namespace>',
    description: 'the namespace of the Pods (default: default)',
  },
  { flags: '-A, --all-namespaces', description: 'look in every namespace' },
];

/** `-l`: a label selector, parsed as kubectl parses it (apimachinery labels.Parse). */
export const selectorOption: CommandOption = {
  flags: '-l, --selector <selector>',
  description: 'only Pods whose labels match, e.g. app=web, tier in (fe,be), !canary',
  parse: (value) => ({ text: value, requirements: parseLabelSelector(value) }),
};
