// The source of generated/tables.ts: compileMachine's result for the Pod and container charts,
// written out as plain data so replay loads the tables without XState or the chart definitions.
// scripts/gen-tables.mjs writes it (`npm run gen`); packages/core/test/generatedTables.test.ts
// fails while the file differs from what this produces now.
//
// The serialiser knows nothing of CompiledMachine's shape: it writes whatever compileMachine
// returns (plain objects, arrays, Maps, Sets, typed arrays, primitives), with every function
// replaced by the name it has in the chart's guards or actions, and every object reached twice
// written once (so identity is kept). A change to the table's shape only needs a regeneration.
import { compileMachine, type MachineRules } from './compile.js';
import { containerMachine } from './containerMachine.js';
import { containerRules } from './containerRules.js';
import { podMachineRules } from './machineRules.js';
import { podMachine } from './podMachine.js';

/** Where a function of the table comes from: `g("name")` (a guard) or `a("name")` (an action). */
type FunctionNames = Map<unknown, string>;

function functionNames(rules: MachineRules<never, never, never>): FunctionNames {
  const names: FunctionNames = new Map();
  for (const [kind, table] of [
    ['a', rules.actions],
    ['g', rules.guards],
  ] as const)
    for (const [name, fn] of Object.entries(table))
      if (!names.has(fn)) names.set(fn, `${kind}(${JSON.stringify(name)})`);
  return names;
}

const TYPED_ARRAYS = [
  Int8Array,
  Uint8Array,
  Uint8ClampedArray,
  Int16Array,
  Uint16Array,
  Int32Array,
  Uint32Array,
  Float32Array,
  Float64Array,
] as const;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const WIDTH = 110;

/** The body of a function that rebuilds `value`: `const` lines for shared objects, then `return …`. */
function rebuild(value: unknown, names: FunctionNames): string {
  // Objects reached more than once become consts, written before their first use.
  const seen = new Map<object, number>();
  const count = (v: unknown, path: Set<object>) => {
    if (typeof v !== 'object' || v === null) return;
    if (path.has(v)) throw new Error('tableSource: compileMachine returned a cyclic structure');
    const n = (seen.get(v) ?? 0) + 1;
    seen.set(v, n);
    if (n > 1) return;
    path.add(v);
    for (const child of childrenOf(v)) count(child, path);
    path.delete(v);
  };
  count(value, new Set());
  const consts: string[] = [];
  const constName = new Map<object, string>();

  const write = (v: unknown, indent: string): string => {
    if (v === undefined) return 'undefined';
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string':
        return JSON.stringify(v);
      case 'boolean':
        return String(v);
      case 'number':
        if (Object.is(v, -0)) return '-0';
        return Number.isNaN(v)
          ? 'Number.NaN'
          : Number.isFinite(v)
            ? String(v)
            : v > 0
              ? 'Infinity'
              : '-Infinity';
      case 'function': {
        const name = names.get(v);
        if (name === undefined)
          throw new Error(
            `tableSource: the compiled table holds a function that is none of the chart's named guards or actions (${v.name || 'anonymous'}); only those can be written out`,
          );
        return name;
      }
      case 'object':
        break;
      default:
        throw new Error(`tableSource: cannot write a ${typeof v} into the table`);
    }
    const shared = (seen.get(v) ?? 0) > 1;
    if (shared) {
      const known = constName.get(v);
      if (known !== undefined) return known;
      const expr = literal(v, '  ');
      const name = `s${constName.size}`;
      constName.set(v, name);
      consts.push(`  const ${name} = ${expr};`);
      return name;
    }
    return literal(v, indent);
  };

  /** `open items close`, on one line when it fits, else one item per line. */
  const list = (open: string, items: string[], close: string, indent: string): string => {
    const flat = `${open}${items.join(', ')}${close}`;
    if (items.length === 0 || (flat.length + indent.length <= WIDTH && !flat.includes('\n'))) return flat;
    const inner = `${indent}  `;
    return `${open}\n${items.map((i) => `${inner}${i},`).join('\n')}\n${indent}${close}`;
  };

  const literal = (v: object, indent: string): string => {
    const inner = `${indent}  `;
    if (Array.isArray(v))
      return list(
        '[',
        v.map((x) => write(x, inner)),
        ']',
        indent,
      );
    if (v instanceof Map)
      return list(
        'new Map<unknown, unknown>([',
        [...v].map(([k, x]) => list('[', [write(k, `${inner}  `), write(x, `${inner}  `)], ']', inner)),
        '])',
        indent,
      );
    if (v instanceof Set)
      return list(
        'new Set<unknown>([',
        [...v].map((x) => write(x, inner)),
        '])',
        indent,
      );
    const typed = TYPED_ARRAYS.find((T) => v instanceof T);
    if (typed !== undefined)
      return list(
        `new ${typed.name}([`,
        Array.from(v as ArrayLike<number>).map((x) => write(x, inner)),
        '])',
        indent,
      );
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null)
      throw new Error(
        `tableSource: cannot write a ${proto.constructor?.name ?? 'class instance'} into the table`,
      );
    const fields = Object.entries(v).map(
      ([k, x]) => `${IDENTIFIER.test(k) ? k : JSON.stringify(k)}: ${write(x, inner)}`,
    );
    const object = list('{ ', fields, ' }', indent)
      .replace(/^\{ \n/, '{\n')
      .replace(/\n(\s*) \}$/, '\n$1}');
    return proto === null ? `Object.assign(Object.create(null), ${object})` : object;
  };

  const result = write(value, '  ');
  return [...consts, `  return ${result};`].join('\n');
}

function childrenOf(v: object): unknown[] {
  if (v instanceof Map) return [...v].flat();
  if (v instanceof Set) return [...v];
  // A typed array's values are numbers, which count() passes over.
  return Array.isArray(v) ? v : Object.values(v);
}

/** One exported function of the generated module: rebuilds `compileMachine(machine, rules)`. */
function tableFunction(
  name: string,
  what: string,
  compiled: unknown,
  rules: MachineRules<never, never, never>,
) {
  return [
    `/** ${what} */`,
    `export function ${name}<C, E, Env>(rules: MachineRules<C, E, Env>): CompiledMachine<C, E, Env> {`,
    `  const g = (name: string) => named(rules.guards, 'guard', name);`,
    `  const a = (name: string) => named(rules.actions, 'action', name);`,
    rebuild(compiled, functionNames(rules)).replace(/;$/, ' as unknown as CompiledMachine<C, E, Env>;'),
    '}',
  ].join('\n');
}

/** One table of the generated module: `export function <name>(rules)` rebuilding `compiled`. */
export interface TableEntry {
  name: string;
  /** The function's doc comment. */
  what: string;
  /** What compileMachine returned. */
  compiled: unknown;
  /** The rules compileMachine was given: every function in `compiled` is one of these. */
  rules: object;
}

/** The text of a module exporting one function per table (the serialiser, for any tables). */
export function tableModuleSource(tables: readonly TableEntry[]): string {
  return `${[
    '// GENERATED by scripts/gen-tables.mjs (machines/tableSource.ts) from podMachine.ts and',
    '// containerMachine.ts through compileMachine: do not edit. Regenerate with `npm run gen`;',
    '// packages/core/test/generatedTables.test.ts fails while this file is stale.',
    "import type { CompiledMachine, MachineRules } from '../compile.js';",
    '',
    '/**',
    ' * A rule of the chart by name. A name the rules no longer have (this file is stale) gives a',
    ' * function that fails when run, so the generator, which loads this file, still runs.',
    ' */',
    'function named<F>(table: Record<string, F>, kind: string, name: string): F {',
    '  const fn = table[name];',
    '  if (fn !== undefined) return fn;',
    '  return (() => {',
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal of the generated code
    '    throw new Error(`the generated machine tables name the ${kind} "${name}" the chart no longer has: run npm run gen`);',
    '  }) as F;',
    '}',
    ...tables.flatMap((t) => [
      '',
      tableFunction(t.name, t.what, t.compiled, t.rules as MachineRules<never, never, never>),
    ]),
  ].join('\n')}\n`;
}

/** The full text of packages/core/src/machines/generated/tables.ts as the charts give it now. */
export function tableSource(): string {
  return tableModuleSource([
    {
      name: 'podTable',
      what: 'compileMachine(podMachine, podMachineRules), its guards and actions taken from `rules` by name.',
      compiled: compileMachine(podMachine, podMachineRules),
      rules: podMachineRules,
    },
    {
      name: 'containerTable',
      what: 'compileMachine(containerMachine, containerRules), its guards and actions taken from `rules` by name.',
      compiled: compileMachine(containerMachine, containerRules),
      rules: containerRules,
    },
  ]);
}
