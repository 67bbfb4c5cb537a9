import type { CliIO } from './io.js';
import type { LogAccess, LogSelection, OpenedLog, ReadSource } from './log/openLogFromOptions.js';
import type { Colours } from './output/colours.js';

/** One `$ podstate …` line shown under "Examples:" in the command's --help. */
export interface CommandExample {
  command: string;
  description: string;
}

/** A positional argument, in commander syntax: `<required>`, `[optional]`, `<variadic...>`. */
export interface CommandArgument {
  name: string;
  description: string;
  choices?: readonly string[];
}

/** An option, in commander syntax: `-o, --output <format>`, `--show-secrets`. */
export interface CommandOption {
  flags: string;
  description: string;
  choices?: readonly string[];
  defaultValue?: unknown;
  /** Converts the raw string; throw an Error with a message saying what is accepted. */
  parse?: (value: string, previous: unknown) => unknown;
}

/** What a command receives: positional arguments by name (without brackets or dots) and options. */
export interface CommandInput<Options> {
  args: Readonly<Record<string, string | string[] | undefined>>;
  options: Options;
}

/** Services every command gets: its process streams and the shared helpers bound to them. */
export interface CommandContext {
  io: CliIO;
  /** Colours for stdout (off unless stdout is a TTY, and always off under NO_COLOR). */
  colours: Colours;
  /** Writes a line (newline appended) to stdout. */
  print(line: string): void;
  /** Writes `podstate: warning: <message>` to stderr. */
  warn(message: string): void;
  /** Opens the log chosen by `--log` / `--store` / PODSTATE_STORE; the caller closes it. */
  openLog(selection: LogSelection, access: LogAccess): Promise<OpenedLog>;
  /**
   * Selects the log for a command that only reads (pass it to loadAt, which reads a JSONL file
   * once without indexing it); the caller closes it.
   */
  openReader(selection: LogSelection): Promise<ReadSource>;
}

/**
 * A CLI command: one folder `commands/<name>/index.ts` exports one of these, and one line in the
 * table of cli.ts registers it. `run` returns an exit code (default 0) or throws; errors become
 * exit codes in exitCodes.ts only.
 */
export interface Command<Options = Record<string, unknown>> {
  /** The word typed after `podstate` (`append`, `get`). */
  name: string;
  /** One line for the command list in `podstate --help`. */
  summary: string;
  /** Longer text for `podstate <name> --help`; defaults to the summary. */
  description?: string;
  arguments?: readonly CommandArgument[];
  options?: readonly CommandOption[];
  /** At least one worked example, printed by --help. */
  examples: readonly [CommandExample, ...CommandExample[]];
  run(input: CommandInput<Options>, ctx: CommandContext): Promise<number | undefined>;
}

/** Identity helper that types a command's options and keeps the table's element type simple. */
export function defineCommand<Options>(command: Command<Options>): Command<Options> {
  return command;
}
