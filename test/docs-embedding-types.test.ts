// Every code block of docs/embedding.md is type-checked as an embedder's module would be: written
// to a scratch directory whose node_modules is the workspace's (so `@podstate/*` resolve to the
// built packages through their `exports`, d.ts included, as after `npm install`), and compiled by
// one tsc run under `strict` with `module`/`moduleResolution` `nodenext` (```ts blocks as .mts,
// ```js blocks as .mjs with checkJs). The RxJS example is then run by node and its output compared
// with the page. (packages/core/test/docs-embedding.test.ts runs the actor example and compares it
// with the engine.)
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const page = readFileSync(join(root, 'docs/embedding.md'), 'utf8');

interface Snippet {
  /** The `<!-- marker -->` above the block, if any. */
  marker: string | undefined;
  lang: 'ts' | 'js';
  /** Line of the page where the code starts. */
  line: number;
  code: string;
}

/** The ```ts and ```js blocks of a page. */
export function snippets(markdown: string): Snippet[] {
  const out: Snippet[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(ts|js|typescript|javascript)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const marker = /^<!-- (\S+) -->$/.exec(lines[i - 1] ?? '')?.[1];
    let j = i + 1;
    while (j < lines.length && lines[j] !== '```') j++;
    out.push({
      marker,
      lang: open[1]!.startsWith('t') ? 'ts' : 'js',
      line: i + 2,
      code: `${lines.slice(i + 1, j).join('\n')}\n`,
    });
    i = j;
  }
  return out;
}

/** Output block after `<!-- marker -->`. */
function block(marker: string): string {
  const m = new RegExp(`<!-- ${marker} -->\\n\`\`\`[a-z]*\\n([\\s\\S]*?)\`\`\``).exec(page);
  if (!m) throw new Error(`docs/embedding.md: no block after <!-- ${marker} -->`);
  return m[1]!;
}

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** Compiles the snippets in a scratch project; tsc's diagnostics with page lines, and the dir. */
function compile(
  list: Snippet[],
  skipLibCheck = false,
): { diagnostics: string; dir: string; files: string[] } {
  const dir = mkdtempSync(join(tmpdir(), 'podstate-embedding-'));
  dirs.push(dir);
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  writeFileSync(
    join(dir, 'package.json'),
    JSON.stringify({ name: 'embedder', private: true, type: 'module' }),
  );
  mkdirSync(join(dir, 'src'));
  const files = list.map((s) => `src/line-${s.line}.${s.lang === 'ts' ? 'mts' : 'mjs'}`);
  for (const [i, s] of list.entries()) writeFileSync(join(dir, files[i]!), s.code);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        allowJs: true,
        checkJs: true,
        rootDir: 'src',
        outDir: 'out',
        skipLibCheck,
        types: ['node'],
        typeRoots: [join(root, 'node_modules/@types')],
      },
      files,
    }),
  );
  const r = spawnSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], {
    cwd: dir,
    encoding: 'utf8',
    timeout: 240_000,
  });
  // "src/line-57.mts(3,10): error …" reads as the page's line.
  const diagnostics = r.stdout.replace(
    /src\/line-(\d+)\.m[tj]s\((\d+),(\d+)\)/g,
    (_m, start: string, l: string, c: string) => `docs/embedding.md:${Number(start) + Number(l) - 1}:${c}`,
  );
  return { diagnostics: r.status === 0 ? '' : diagnostics || r.stderr, dir, files };
}

describe('docs/embedding.md: every snippet type-checks against the built packages', () => {
  const all = snippets(page);
  let compiled: ReturnType<typeof compile>;
  beforeAll(() => {
    compiled = compile(all);
  }, 300_000);

  it('the page has the actor example, the Stately inspector and the RxJS example', () => {
    expect(all.map((s) => s.marker)).toEqual(
      expect.arrayContaining(['embedding-example', 'embedding-inspector', 'embedding-rx']),
    );
  });

  it('they compile under strict nodenext (ESM), each a complete module', () => {
    expect(compiled.diagnostics).toBe('');
  });

  it('the RxJS example prints what the page shows', () => {
    const rx = all.find((s) => s.marker === 'embedding-rx')!;
    const r = spawnSync(process.execPath, [join(compiled.dir, 'out', `line-${rx.line}.mjs`)], {
      cwd: compiled.dir,
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.stderr).toBe('');
    if (r.stdout !== block('embedding-rx-output'))
      console.error(`docs/embedding.md: the RxJS example's output should read:\n${r.stdout}`);
    expect(r.stdout).toBe(block('embedding-rx-output'));
  });

  it('a snippet with a type error, or one that uses a name the package does not export, fails', () => {
    const bad = compile(
      [
        {
          marker: undefined,
          lang: 'ts',
          line: 10,
          code: "import { podRow } from '@podstate/projections';\npodRow(42);\n",
        },
        {
          marker: undefined,
          lang: 'ts',
          line: 20,
          code: "import { macrostep } from '@podstate/core';\nconsole.log(macrostep);\n",
        },
      ],
      true,
    );
    expect(bad.diagnostics).toMatch(/docs\/embedding\.md:11:\d+: error TS2345/);
    expect(bad.diagnostics).toMatch(/docs\/embedding\.md:20:\d+: error TS2305/);
  }, 300_000);
});
