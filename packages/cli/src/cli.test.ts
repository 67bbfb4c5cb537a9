import { PodstateError } from '@podstate/core';
import { describe, expect, it } from 'vitest';
import { runCli } from './cli.js';
import { type Command, defineCommand } from './command.js';
import { createMemoryIO } from './memoryIO.js';
import { outputOption } from './options.js';

// A table of fake commands exercises the framework without touching a log.
const echo = defineCommand<{ output?: string; loud?: boolean }>({
  name: 'echo',
  summary: 'print the words',
  arguments: [
    { name: '<kind>', description: 'what to echo', choices: ['pods', 'nodes'] },
    { name: '[words...]', description: 'words' },
  ],
  options: [
    outputOption(['json', 'yaml']),
    { flags: '--loud', description: 'shout' },
    {
      flags: '--at <seq>',
      description: 'a seq',
      parse: (v: string) => {
        if (!/^\d+$/.test(v)) throw new Error('give a seq number such as 42');
        return Number(v);
      },
    },
  ],
  examples: [{ description: 'echo pods', command: 'podstate echo pods a b' }],
  async run({ args, options }, ctx) {
    ctx.print(JSON.stringify({ args, options }));
    return undefined;
  },
});
const fail = (error: unknown): Command<unknown> => ({
  name: 'fail',
  summary: 'throw',
  examples: [{ description: 'throw', command: 'podstate fail' }],
  async run() {
    throw error;
  },
});
const check = defineCommand({
  name: 'check',
  summary: 'return 1',
  examples: [{ description: 'fail a check', command: 'podstate check' }],
  run: async () => 1,
});

async function run(argv: string[], table: Command<unknown>[] = [echo as Command<unknown>, check]) {
  const io = createMemoryIO();
  const code = await runCli(argv, io, table);
  return { code, stdout: io.out(), stderr: io.err() };
}

describe('runCli: argv table', () => {
  it.each([
    [['echo', 'pods', 'a', 'b'], 0, '{"args":{"kind":"pods","words":["a","b"]},"options":{}}\n'],
    [
      ['echo', 'nodes', '-o', 'yaml', '--loud'],
      0,
      '{"args":{"kind":"nodes","words":[]},"options":{"output":"yaml","loud":true}}\n',
    ],
    [['echo', 'pods', '--at', '7'], 0, '{"args":{"kind":"pods","words":[]},"options":{"at":7}}\n'],
    [['check'], 1, ''],
  ])('%j → exit %i', async (argv, code, stdout) => {
    const r = await run(argv);
    expect(r).toEqual({ code, stdout, stderr: '' });
  });

  it.each([
    [['nope'], "podstate: unknown command 'nope'"],
    [['ech', 'pods'], '(Did you mean echo?)'],
    [['echo'], "podstate: missing required argument 'kind'"],
    [
      ['echo', 'pod'],
      "podstate: command-argument value 'pod' is invalid for argument 'kind'. Allowed choices are pods, nodes.",
    ],
    [['echo', 'pods', '-o', 'xml'], "option '-o, --output <format>' argument 'xml' is invalid"],
    [['echo', 'pods', '--quiet'], "podstate: unknown option '--quiet'"],
    [
      ['echo', 'pods', '--at', 'x'],
      "podstate: option '--at <seq>' argument 'x' is invalid. give a seq number such as 42",
    ],
  ])('usage error %j → exit 2 with a podstate: message', async (argv, message) => {
    const r = await run(argv);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
  });

  it('no command at all prints the help on stderr and exits 2', async () => {
    const r = await run([]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('Usage: podstate');
  });

  it('--help lists the commands and the exit codes, exit 0', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/echo \[options\] <kind> \[words\.\.\.\]\s+print the words/);
    expect(r.stdout).toContain(
      'Exit codes: 0 ok, 1 a check failed, 2 bad input or usage, 3 the log is damaged or locked.',
    );
  });

  it('<command> --help shows the options and the examples, exit 0', async () => {
    const r = await run(['echo', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('-o, --output <format>');
    expect(r.stdout).toContain('Examples:\n  # echo pods\n  $ podstate echo pods a b\n');
  });

  it('--version prints the package version, exit 0', async () => {
    const r = await run(['--version']);
    expect(r).toMatchObject({ code: 0, stdout: expect.stringMatching(/^\d+\.\d+\.\d+\n$/) });
  });
});

describe('runCli: errors become exit codes in one place', () => {
  it.each([
    ['bad_input', 2],
    ['revision_conflict', 2],
    ['damaged_log', 3],
    ['locked_log', 3],
    ['check_failed', 1],
  ] as const)('PodstateError %s → exit %i, message on stderr', async (code, exit) => {
    const r = await run(
      ['fail'],
      [fail(new PodstateError(code, 'events.jsonl is locked by pid 42\nsecond line'))],
    );
    expect(r).toEqual({
      code: exit,
      stdout: '',
      stderr: 'podstate: events.jsonl is locked by pid 42\npodstate: second line\n',
    });
  });

  it('an unexpected error exits 70 and says it is a podstate bug', async () => {
    const r = await run(['fail'], [fail(new TypeError('x is undefined'))]);
    expect(r.code).toBe(70);
    expect(r.stderr).toBe(
      'podstate: unexpected error: x is undefined\n' +
        'podstate: this is a podstate bug; please report it with the command you ran\n' +
        'podstate: set PODSTATE_DEBUG=1 to print the stack trace\n',
    );
  });
});
