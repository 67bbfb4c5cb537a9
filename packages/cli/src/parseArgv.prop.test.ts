// parseArgv parses an ordinary command line without commander (start-up, issue 14 item 4). Its
// answer must be the one commander hands a command: for every command of the table, command
// lines built from its own flags, values, arguments and the spellings only commander reads are
// parsed both ways, and whenever parseArgv answers, commander accepts the line and runs the
// command with the same arguments and options.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadCommands } from './cli.js';
import type { Command, CommandInput } from './command.js';
import { createMemoryIO } from './memoryIO.js';
import { parseArgv } from './parseArgv.js';
import { createProgram } from './program.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const commands = await loadCommands();

/** What commander hands `def.run` for `argv`, or its exit code and stderr when it refuses it. */
async function viaCommander(def: Command<unknown>, argv: readonly string[]) {
  let input: CommandInput<unknown> | undefined;
  const probe: Command<unknown> = {
    ...def,
    async run(i) {
      input = i;
      return 0;
    },
  };
  const io = createMemoryIO();
  const result = { code: 0 };
  try {
    await createProgram(io, [probe], result).parseAsync([def.name, ...argv], { from: 'user' });
  } catch {
    // Commander's usage errors (exitOverride) and help: parseArgv must not have answered.
  }
  return { input, code: result.code, err: io.err() };
}

const words = (flags: string) => flags.match(/--?[A-Za-z][\w-]*/g) ?? [];

/** Command lines for `def`: its flags with values, its arguments' words, and what commander alone reads. */
function argvOf(def: Command<unknown>): fc.Arbitrary<string[]> {
  const values = fc.constantFrom(
    'x.jsonl',
    '2',
    '16',
    '0',
    '5m',
    '12',
    'json',
    'wide',
    'yaml',
    'name',
    'jsonpath={.items[*].metadata.name}',
    'custom-columns=N:.metadata.name',
    'app=web',
    'kube-system',
    '=json',
    '',
    '-x',
    ...(def.options ?? []).flatMap((o) => o.choices ?? []),
  );
  const option = () =>
    fc
      .constantFrom(...(def.options ?? []))
      .chain((o) =>
        fc.tuple(
          fc.constantFrom(...words(o.flags)),
          o.flags.endsWith('>') ? values.map((v) => [v]) : fc.constant([] as string[]),
        ),
      )
      .map(([w, v]) => [w, ...v]);
  const positional = fc
    .constantFrom(
      'pods',
      'po',
      'web',
      'nodes',
      'examples/crashloop.yaml',
      'a',
      ...(def.arguments ?? []).flatMap((a) => a.choices ?? []),
    )
    .map((w) => [w]);
  const odd = fc
    .constantFrom('-h', '--help', '-V', '--', '-', '--log=x.jsonl', '-Ao', '-ojson', '--nope', '-1')
    .map((w) => [w]);
  const part =
    (def.options?.length ?? 0) > 0
      ? fc.oneof(
          { weight: 4, arbitrary: option() },
          { weight: 3, arbitrary: positional },
          { weight: 1, arbitrary: odd },
        )
      : fc.oneof({ weight: 3, arbitrary: positional }, { weight: 1, arbitrary: odd });
  return fc.array(part, { maxLength: 6 }).map((parts) => parts.flat());
}

describe(`parseArgv answers as commander does (seed ${seed}, PODSTATE_SEED to change)`, () => {
  it.each(commands.map((c) => [c.name, c] as const))('podstate %s', async (_name, def) => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(argvOf(def), async (argv) => {
        const quick = parseArgv(def, argv);
        if (quick === undefined) return;
        answered++;
        const slow = await viaCommander(def, argv);
        expect(slow.err).toBe('');
        expect(slow.code).toBe(0);
        expect(quick).toStrictEqual(slow.input);
      }),
      { seed, numRuns: 150 },
    );
    // Not vacuous: plain command lines take the quick path.
    expect(answered).toBeGreaterThan(0);
  });

  it('takes the ordinary lines and leaves help, `=` spellings, groups, repeats and refusals to commander', () => {
    const get = commands.find((c) => c.name === 'get')!;
    expect(parseArgv(get, ['pods', '--log', 'x.jsonl'])).toStrictEqual({
      args: { resource: 'pods', names: [] },
      options: { headers: true, log: 'x.jsonl' },
    });
    expect(parseArgv(get, ['po', 'web', '-n', 'ns', '--no-headers'])).toStrictEqual({
      args: { resource: 'po', names: ['web'] },
      options: { headers: false, namespace: 'ns' },
    });
    for (const argv of [
      ['pods', '--help'],
      ['pods', '--log=x.jsonl'],
      ['pods', '-Aw'],
      ['pods', '-n', 'a', '-n', 'b'],
      ['nodes'],
      [],
      ['pods', '--workers', 'many'],
      ['pods', '--log'],
      ['pods', '--', 'web'],
    ])
      expect(parseArgv(get, argv), argv.join(' ')).toBeUndefined();
  });
});
