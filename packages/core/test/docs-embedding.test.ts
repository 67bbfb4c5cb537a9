import { readFileSync } from 'node:fs';
import * as core from '@podstate/core';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import * as xstate from 'xstate';

const doc = readFileSync(new URL('../../../docs/embedding.md', import.meta.url), 'utf8');
const block = (marker: string, lang: string) => {
  const m = doc.match(new RegExp(`<!-- ${marker} -->\\n\`\`\`${lang}\\n([\\s\\S]*?)\`\`\`\\n`));
  if (m === null) throw new Error(`docs/embedding.md: no \`\`\`${lang} block after <!-- ${marker} -->`);
  return m[1]!;
};
const modules: Record<string, Record<string, unknown>> = { '@podstate/core': core, xstate };

/**
 * Runs the doc's example as written (TypeScript, its types stripped by `ts.transpileModule`): its
 * `import { a, b } from 'm'` lines become bindings to the real modules, `console` is captured.
 * Returns the printed lines and the example's variables.
 */
function runExample(typescript: string) {
  const source = ts
    .transpileModule(typescript, {
      compilerOptions: {
        target: ts.ScriptTarget.ES2022,
        module: ts.ModuleKind.ESNext,
        verbatimModuleSyntax: true,
      },
    })
    .outputText.replace(/^export \{\};\n/m, '');
  const names: string[] = [];
  const values: unknown[] = [];
  const body = source.replace(
    /^import \{([^}]+)\} from '([^']+)';\n/gm,
    (_all, list: string, from: string) => {
      const mod = modules[from];
      if (mod === undefined)
        throw new Error(`the example imports "${from}", which the test does not provide`);
      for (const n of list
        .split(',')
        .map((s) => s.trim())
        .filter((s) => s !== '')) {
        if (!(n in mod))
          throw new Error(`the example imports "${n}" from "${from}", which does not export it`);
        names.push(n);
        values.push(mod[n]);
      }
      return '';
    },
  );
  const printed: string[] = [];
  const fn = new Function('console', ...names, `${body}\nreturn { recorded, actor };`);
  const vars = fn({ log: (s: string) => printed.push(s) }, ...values) as {
    recorded: core.EventInput[];
    actor: xstate.Actor<typeof core.clusterMachine>;
  };
  return { printed, ...vars };
}

describe('docs/embedding.md', () => {
  const example = block('embedding-example', 'ts');
  const output = block('embedding-output', 'text');

  it('the example runs and prints exactly the documented output', () => {
    const { printed } = runExample(example);
    if (`${printed.join('\n')}\n` !== output)
      console.error(`docs/embedding.md output should read:\n${printed.join('\n')}`);
    expect(`${printed.join('\n')}\n`).toBe(output);
  });

  it('the actor ends where the engine ends after the same events, and refuses what the engine refuses (clusterMachine)', () => {
    const { recorded, actor } = runExample(example);
    const engine = core.createEngine();
    const verdicts = recorded.map((e) => engine.apply(e).ok);
    const printed = runExample(example).printed.filter((l) => !l.startsWith('inspected'));
    expect(verdicts).toEqual(printed.map((l) => !/: refused \(/.test(l)));
    const { pods, removed } = actor.getSnapshot().context;
    expect([...pods.keys()]).toEqual([...engine.pods.keys()]);
    for (const [uid, p] of engine.pods) expect(pods.get(uid)).toEqual(p);
    expect([...removed]).toEqual([...engine.removed]);
  });

  it('the runner catches an example that imports something @podstate/core lacks', () => {
    expect(() =>
      runExample("import { nope } from '@podstate/core';\nconst recorded = []; const actor = 0;"),
    ).toThrow(/does not export it/);
  });
});
