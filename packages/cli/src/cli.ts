import { readFileSync } from 'node:fs';
import { Argument, Command as CommanderCommand, InvalidArgumentError, Option } from 'commander';
import type { Command, CommandContext } from './command.js';
import { ExitCode, printError, reportError } from './exitCodes.js';
import type { CliIO } from './io.js';
import { openLogFromOptions, openReadSource } from './log/openLogFromOptions.js';
import { createColours } from './output/colours.js';

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

function readVersion(): string {
  // src/ (tests) and dist/ (binary) both sit one level below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** The argument's key in CommandInput.args: `<events...>` → `events`. */
export function argumentKey(name: string): string {
  return name.replace(/[<>[\].]/g, '');
}

function createContext(io: CliIO): CommandContext {
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

/** Makes any Error thrown by an option parser a commander usage error (exit 2), not a bug (exit 70). */
function asUsageError(parse: (value: string, previous: unknown) => unknown) {
  return (value: string, previous: unknown) => {
    try {
      return parse(value, previous);
    } catch (e) {
      throw new InvalidArgumentError(e instanceof Error ? e.message : String(e));
    }
  };
}

function formatExamples(command: Command<unknown>): string {
  const lines = command.examples.map((e) => `  # ${e.description}\n  $ ${e.command}`);
  return `\nExamples:\n${lines.join('\n\n')}\n`;
}

/** Builds the commander program for `commands`, writing through `io` and recording the exit code. */
export function createProgram(
  io: CliIO,
  table: readonly Command<unknown>[],
  result: { code: number },
): CommanderCommand {
  const program = new CommanderCommand('podstate')
    .description('podstate: an event-sourced Kubernetes Pod state engine')
    .version(readVersion(), '-V, --version')
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
      // Commander's usage errors read "error: …"; every podstate error reads "podstate: …".
      outputError: (s, write) => write(s.replace(/^error: /, 'podstate: ')),
    })
    .addHelpText(
      'after',
      '\nExit codes: 0 ok, 1 a check failed, 2 bad input or usage, 3 the log is damaged or locked.\n',
    );
  program.helpCommand('help [command]', 'show the help of a command (as podstate <command> --help)');
  const ctx = createContext(io);
  for (const def of table) {
    const cmd = program
      .command(def.name)
      .summary(def.summary)
      .description(def.description ?? def.summary);
    for (const a of def.arguments ?? []) {
      const arg = new Argument(a.name, a.description);
      if (a.choices) arg.choices(a.choices);
      cmd.addArgument(arg);
    }
    for (const o of def.options ?? []) {
      const opt = new Option(o.flags, o.description);
      if (o.choices) opt.choices(o.choices);
      if (o.defaultValue !== undefined) opt.default(o.defaultValue);
      if (o.parse) opt.argParser(asUsageError(o.parse));
      cmd.addOption(opt);
    }
    cmd.addHelpText('after', formatExamples(def));
    cmd.action(async (...received: unknown[]) => {
      const self = received[received.length - 1] as CommanderCommand;
      const args: Record<string, string | string[] | undefined> = {};
      (def.arguments ?? []).forEach((a, i) => {
        args[argumentKey(a.name)] = self.processedArgs[i] as string | string[] | undefined;
      });
      result.code = (await def.run({ args, options: self.opts() }, ctx)) ?? ExitCode.ok;
    });
  }
  return program;
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
  const result = { code: ExitCode.ok as number };
  try {
    const program = createProgram(io, table ?? (await commandsFor(argv)), result);
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
