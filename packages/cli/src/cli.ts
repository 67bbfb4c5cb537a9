import type { Command, CommandContext } from './command.js';
import { ExitCode, printError, reportError } from './exitCodes.js';
import type { CliIO } from './io.js';
import { openLogFromOptions, openReadSource } from './log/openLogFromOptions.js';
import { createColours } from './output/colours.js';
import { parseArgv } from './parseArgv.js';

export { argumentKey } from './parseArgv.js';

/**
 * The command table, in the order `podstate --help` lists them. Adding a command is one folder
 * `commands/<name>/index.ts` exporting a `Command` and one line here. Each command is imported only
 * when it runs (or when `podstate --help` lists them all), so `podstate get pods` never loads what
 * explore or run need: keep heavy imports inside the command's own folder.
 */
// biome-ignore lint/suspicious/noExplicitAny: each command narrows its own options type.
type AnyCommand = Command<any>;
export const commandTable: readonly { name: string; load: () => Promise<AnyCommand> }[] = [
  { name: 'run', load: async () => (await import('./commands/run/index.js')).runCommand },
  { name: 'get', load: async () => (await import('./commands/get/index.js')).getCommand },
  { name: 'describe', load: async () => (await import('./commands/describe/index.js')).describeCommand },
  { name: 'status', load: async () => (await import('./commands/status/index.js')).statusCommand },
  { name: 'mounts', load: async () => (await import('./commands/mounts/index.js')).mountsCommand },
  { name: 'hosts', load: async () => (await import('./commands/hosts/index.js')).hostsCommand },
  { name: 'watch', load: async () => (await import('./commands/watch/index.js')).watchCommand },
  { name: 'append', load: async () => (await import('./commands/append/index.js')).appendCommand },
  { name: 'verify', load: async () => (await import('./commands/verify/index.js')).verifyCommand },
  { name: 'explore', load: async () => (await import('./commands/explore/index.js')).exploreCommand },
  { name: 'repair', load: async () => (await import('./commands/repair/index.js')).repairCommand },
  {
    name: 'checkpoint',
    load: async () => (await import('./commands/checkpoint/index.js')).checkpointCommand,
  },
  { name: 'unlock', load: async () => (await import('./commands/unlock/index.js')).unlockCommand },
  { name: 'chart', load: async () => (await import('./commands/chart/index.js')).chartCommand },
  { name: 'import', load: async () => (await import('./commands/import/index.js')).importCommand },
  { name: 'conform', load: async () => (await import('./commands/conform/index.js')).conformCommand },
  { name: 'report', load: async () => (await import('./commands/report/index.js')).reportCommand },
  {
    name: 'completion',
    // Completion lists every command, itself included.
    load: async () => {
      const { completionCommand } = await import('./commands/completion/index.js');
      const others = await Promise.all(
        commandTable.filter((c) => c.name !== 'completion').map((c) => c.load()),
      );
      const self: AnyCommand = completionCommand(() => [...others, self]);
      return self;
    },
  },
];

/** Every command, loaded (for `podstate --help`, suggestions, and tests). */
export async function loadCommands(): Promise<AnyCommand[]> {
  return Promise.all(commandTable.map((c) => c.load()));
}

/**
 * The commands `argv` needs: only the named one when the first word is a command, else all of
 * them (top-level help, a typo to suggest for).
 */
async function commandsFor(argv: readonly string[]): Promise<AnyCommand[]> {
  const entry = commandTable.find((c) => c.name === argv[0]);
  return entry ? [await entry.load()] : loadCommands();
}

/** The services a command runs with, bound to `io`. */
export function createContext(io: CliIO): CommandContext {
  const warn = (message: string) => printError(io.stderr, `warning: ${message}`);
  return {
    io,
    colours: createColours(io.stdout, io.env),
    print: (line) => io.stdout.write(`${line}\n`),
    warn,
    openLog: (selection, access) =>
      openLogFromOptions(selection, { onWarning: warn, ...access }, io.env, io.cwd),
    openReader: (selection) => openReadSource(selection, io.env, io.cwd),
  };
}

/**
 * Runs the CLI for `argv` (without node and script) and resolves to the exit code; never exits
 * the process, so tests call it in-process with a MemoryIO.
 * @example const code = await runCli(['append', '--log', 'e.jsonl', json], processIO());
 */
export async function runCli(
  argv: readonly string[],
  io: CliIO,
  table?: readonly Command<unknown>[],
): Promise<number> {
  try {
    const commands = table ?? (await commandsFor(argv));
    // An ordinary command line runs without commander (parseArgv.ts); anything else, help and
    // usage errors included, is commander's.
    const only = commands.length === 1 && argv[0] === commands[0]!.name ? commands[0]! : undefined;
    const input = only && parseArgv(only, argv.slice(1));
    if (only && input) return (await only.run(input, createContext(io))) ?? ExitCode.ok;
    const { createProgram } = await import('./program.js');
    const result = { code: ExitCode.ok as number };
    const program = createProgram(io, commands, result);
    if (argv.length === 0) {
      program.outputHelp({ error: true });
      return ExitCode.badInput;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return result.code;
  } catch (error) {
    return reportError(io, error);
  }
}
