import { readFileSync } from 'node:fs';
import { Argument, Command as CommanderCommand, InvalidArgumentError, Option } from 'commander';
import { createContext } from './cli.js';
import type { Command } from './command.js';
import { ExitCode } from './exitCodes.js';
import type { CliIO } from './io.js';
import { argumentKey } from './parseArgv.js';

function readVersion(): string {
  // src/ (tests) and dist/ (binary) both sit one level below package.json.
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
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
