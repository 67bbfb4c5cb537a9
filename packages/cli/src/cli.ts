import { readFileSync } from 'node:fs';
import { Argument, Command as CommanderCommand, InvalidArgumentError, Option } from 'commander';
import type { Command, CommandContext } from './command.js';
import { appendCommand } from './commands/append/index.js';
import { chartCommand } from './commands/chart/index.js';
import { completionCommand } from './commands/completion/index.js';
import { conformCommand } from './commands/conform/index.js';
import { describeCommand } from './commands/describe/index.js';
import { exploreCommand } from './commands/explore/index.js';
import { getCommand } from './commands/get/index.js';
import { hostsCommand } from './commands/hosts/index.js';
import { importCommand } from './commands/import/index.js';
import { mountsCommand } from './commands/mounts/index.js';
import { repairCommand } from './commands/repair/index.js';
import { reportCommand } from './commands/report/index.js';
import { runCommand } from './commands/run/index.js';
import { statusCommand } from './commands/status/index.js';
import { unlockCommand } from './commands/unlock/index.js';
import { verifyCommand } from './commands/verify/index.js';
import { watchCommand } from './commands/watch/index.js';
import { ExitCode, printError, reportError } from './exitCodes.js';
import type { CliIO } from './io.js';
import { openLogFromOptions } from './log/openLogFromOptions.js';
import { createColours } from './output/colours.js';

/**
 * The command table, in the order `podstate --help` lists them. Adding a command is one folder
 * `commands/<name>/index.ts` exporting a `Command` and one line here.
 */
// biome-ignore lint/suspicious/noExplicitAny: each command narrows its own options type.
export const commands: readonly Command<any>[] = [
  runCommand,
  getCommand,
  describeCommand,
  statusCommand,
  mountsCommand,
  hostsCommand,
  watchCommand,
  appendCommand,
  verifyCommand,
  exploreCommand,
  repairCommand,
  unlockCommand,
  chartCommand,
  importCommand,
  conformCommand,
  reportCommand,
  completionCommand(() => commands),
];

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
  table: readonly Command<unknown>[] = commands,
): Promise<number> {
  const result = { code: ExitCode.ok as number };
  const program = createProgram(io, table, result);
  try {
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
