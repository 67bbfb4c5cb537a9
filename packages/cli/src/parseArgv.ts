import type { Command, CommandInput } from './command.js';

/** The argument's key in CommandInput.args: `<events...>` → `events`. */
export function argumentKey(name: string): string {
  return name.replace(/[<>[\].]/g, '');
}

/** One option's spelling as commander reads its flags: `-o, --output <format>`, `--no-headers`. */
interface Flag {
  key: string;
  takesValue: boolean;
  negate: boolean;
  choices?: readonly string[];
  defaultValue?: unknown;
  parse?: (value: string, previous: unknown) => unknown;
}

const FLAGS = /^(?:-([A-Za-z]), )?--([a-z][a-z0-9]*(?:-[a-z0-9]+)*)(?: <[^<>\s]+>)?$/;
const camel = (name: string) => name.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());

/** The command's options by the exact words that name them, or undefined for spellings left to commander. */
function flagsOf(def: Command<unknown>): Map<string, Flag> | undefined {
  const byWord = new Map<string, Flag>();
  const keys = new Set<string>();
  for (const o of def.options ?? []) {
    const m = FLAGS.exec(o.flags);
    if (m === null) return undefined;
    const [, short, long] = m as unknown as [string, string | undefined, string];
    const negate = long.startsWith('no-');
    const key = camel(negate ? long.slice(3) : long);
    if (keys.has(key)) return undefined;
    keys.add(key);
    const flag: Flag = {
      key,
      takesValue: o.flags.endsWith('>'),
      negate,
      ...(o.choices ? { choices: o.choices } : {}),
      ...(o.defaultValue !== undefined ? { defaultValue: o.defaultValue } : {}),
      ...(o.parse ? { parse: o.parse } : {}),
    };
    for (const word of [short === undefined ? undefined : `-${short}`, `--${long}`]) {
      if (word === undefined) continue;
      // Help and version stay commander's.
      if (word === '-h' || word === '--help' || word === '-V' || word === '--version') return undefined;
      byWord.set(word, flag);
    }
  }
  return byWord;
}

/**
 * `argv` (after the command's name) as commander would hand it to `def.run`, for the plain
 * spellings only: each option named by one of its exact flags at most once, a value as the next
 * word (not starting with `-`), positional words that fit the command's arguments, every choice
 * and parser accepting its value. Anything else (help, `--opt=value`, `-Ao`, `--`, an unknown,
 * repeated or refused option, a missing or excess argument) gives undefined: commander parses it,
 * with its usage errors and help. Commander itself is then never loaded for an ordinary command
 * line (`podstate get pods --log x.jsonl`), which spares start-up its ~10 CommonJS modules.
 * parseArgv.prop.test.ts holds every answer to commander's own.
 */
export function parseArgv(
  def: Command<unknown>,
  argv: readonly string[],
): CommandInput<Record<string, unknown>> | undefined {
  const flags = flagsOf(def);
  if (flags === undefined) return undefined;
  const options: Record<string, unknown> = {};
  for (const flag of new Set(flags.values())) {
    if (flag.negate) options[flag.key] = flag.defaultValue === undefined ? true : flag.defaultValue;
    else if (flag.defaultValue !== undefined) options[flag.key] = flag.defaultValue;
  }
  const seen = new Set<string>();
  const words: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (!word.startsWith('-')) {
      words.push(word);
      continue;
    }
    const flag = flags.get(word);
    if (flag === undefined || seen.has(flag.key)) return undefined;
    seen.add(flag.key);
    if (!flag.takesValue) {
      options[flag.key] = !flag.negate;
      continue;
    }
    const value = argv[++i];
    if (value === undefined || value.startsWith('-')) return undefined;
    if (flag.parse) {
      try {
        options[flag.key] = flag.parse(value, options[flag.key]);
      } catch {
        return undefined;
      }
    } else if (flag.choices && !flag.choices.includes(value)) return undefined;
    else options[flag.key] = value;
  }
  const args: Record<string, string | string[] | undefined> = {};
  const declared = def.arguments ?? [];
  let next = 0;
  for (const a of declared) {
    const variadic = a.name.includes('...');
    const taken = variadic ? words.slice(next) : next < words.length ? [words[next]!] : [];
    if (taken.length === 0 && a.name.startsWith('<')) return undefined;
    if (a.choices && taken.some((w) => !a.choices!.includes(w))) return undefined;
    args[argumentKey(a.name)] = variadic ? taken : taken[0];
    next += taken.length;
  }
  if (next < words.length) return undefined;
  return { args, options };
}
