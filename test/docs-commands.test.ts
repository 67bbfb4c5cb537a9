// Every podstate command a doc shows is run: the shell blocks of README.md and docs/ (```sh,
// ```console, or a block whose lines start with `$ `), each line that starts with `podstate` or
// `npx podstate`, run in order per page through the real built binary
// (packages/cli/bin/podstate.js) in a fresh directory holding a copy of examples/. The exit code
// must be the one the page implies (0, or the `exit=N` of a `<!-- doc-test … -->` comment right
// above the block, which the page's prose states), and where the page shows output (`$ podstate …`
// followed by lines), the output must match it; a line `…` stands for any lines. Package READMEs'
// commands are run by the pack-and-install test from the installed tarballs.
//
// The comment above a block may also give `setup="…"` (shell run first, in the same directory:
// the file a command reads, e.g. a recording captured with kubectl, which no test can run) and
// `varies="regex"` (a part of the output that changes from run to run, e.g. a wall-clock rate).
// Commands that need a cluster (`kubectl …`) or the workspace (`npm test`) are not run; a leading
// `npm install && ` is dropped (the test runs on the installed workspace), and `npx podstate` is
// the workspace's binary. Paths under /tmp are moved into the directory (and back in the output).
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'packages/cli/bin/podstate.js');

/** One command a page shows. */
export interface DocCommand {
  line: number;
  command: string;
  exit: number;
  setup?: string;
  /** The output the page shows after `$ command`, if any. */
  output?: string[];
  /** Lines the page shows from the command's output (`<!-- doc-test output -->` above a block). */
  excerpt?: string[];
  varies?: RegExp;
}

const isPodstate = (s: string) => /^(npx )?podstate( |$)/.test(s);

/** The commands of a markdown page, in order. */
export function docCommands(markdown: string): DocCommand[] {
  const lines = markdown.split('\n');
  const out: DocCommand[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```(\w*)\s*$/.exec(lines[i]!);
    if (!open) continue;
    const indent = open[1]!.length;
    const lang = open[2]!;
    const body: { text: string; line: number }[] = [];
    let j = i + 1;
    for (; j < lines.length && !/^\s*```\s*$/.test(lines[j]!); j++)
      body.push({ text: lines[j]!.slice(indent), line: j + 1 });
    const { setup, excerpt, ...opts } = options(i > 0 ? lines[i - 1]!.trim() : '');
    const console = body.some((b) => b.text.startsWith('$ '));
    i = j;
    if (excerpt) {
      const last = out.at(-1);
      if (last === undefined)
        throw new Error(`line ${body[0]?.line}: an output excerpt with no command before it`);
      last.excerpt = body.map((b) => b.text);
      continue;
    }
    const first = out.length;
    if (!console && !['sh', 'bash', 'shell'].includes(lang)) continue;
    if (console) {
      for (let k = 0; k < body.length; k++) {
        if (!body[k]!.text.startsWith('$ ')) continue;
        const command = body[k]!.text.slice(2);
        const output: string[] = [];
        for (let n = k + 1; n < body.length && !body[n]!.text.startsWith('$ '); n++)
          output.push(body[n]!.text);
        if (isPodstate(command)) out.push({ line: body[k]!.line, command, ...opts, output });
      }
    } else {
      for (const b of body) {
        const command = b.text.replace(/^npm install && (?=(npx )?podstate )/, '');
        if (isPodstate(command)) out.push({ line: b.line, command, ...opts });
      }
    }
    // The setup runs once, before the block's first command.
    if (setup !== undefined && out[first] !== undefined) out[first].setup = setup;
  }
  return out;
}

interface BlockOptions {
  exit: number;
  setup?: string;
  varies?: RegExp;
  excerpt?: boolean;
}

/** `<!-- doc-test exit=1 setup="…" varies="…" -->`, or `<!-- doc-test output -->` above an excerpt. */
function options(comment: string): BlockOptions {
  const opts: BlockOptions = { exit: 0 };
  if (comment === '<!-- doc-test output -->') return { ...opts, excerpt: true };
  const m = /^<!-- doc-test (.*) -->$/.exec(comment);
  if (!m) return opts;
  for (const kv of m[1]!.matchAll(/(\w+)=(?:"((?:[^"\\]|\\.)*)"|(\S+))/g)) {
    const value = (kv[2] ?? kv[3]!).replace(/\\"/g, '"');
    if (kv[1] === 'exit') opts.exit = Number(value);
    else if (kv[1] === 'setup') opts.setup = value;
    else if (kv[1] === 'varies') opts.varies = new RegExp(value, 'g');
    else throw new Error(`unknown doc-test option ${kv[1]} in ${comment}`);
  }
  return opts;
}

/** Does `actual` read as `expected`, where a line `…` stands for any lines? */
export function matchesOutput(expected: string[], actual: string): boolean {
  const pattern = expected
    .map((l) => (l.trim() === '…' ? '(?:[^\\n]*\\n)*?' : `${l.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n`))
    .join('');
  return new RegExp(`^${pattern}$`).test(actual);
}

const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'))
    .filter((f) => f.endsWith('.md'))
    .map((f) => `docs/${f}`),
];
const withCommands = pages.filter((p) => docCommands(readFileSync(join(root, p), 'utf8')).length > 0);

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/**
 * A fresh directory (`cwd`, with a copy of examples/), a `podstate` on PATH that is the built
 * binary, and a private directory standing for /tmp.
 */
function workspace() {
  const top = mkdtempSync(join(tmpdir(), 'podstate-docs-'));
  dirs.push(top);
  const cwd = join(top, 'cwd');
  cpSync(join(root, 'examples'), join(cwd, 'examples'), { recursive: true });
  mkdirSync(join(top, 'bin'));
  mkdirSync(join(top, 'tmp'));
  writeFileSync(join(top, 'bin/podstate'), `#!/bin/sh\nexec "${process.execPath}" "${bin}" "$@"\n`);
  chmodSync(join(top, 'bin/podstate'), 0o755);
  return { cwd, bin: join(top, 'bin'), tmp: join(top, 'tmp') };
}

function sh(script: string, dir: ReturnType<typeof workspace>) {
  const r = spawnSync('sh', ['-c', `{ ${script}\n} 2>&1`], {
    cwd: dir.cwd,
    encoding: 'utf8',
    timeout: 120_000,
    env: {
      ...process.env,
      PATH: `${dir.bin}:${process.env.PATH}`,
      REPO: root,
      NO_COLOR: '1',
      FORCE_COLOR: '0',
    },
  });
  return { status: r.status, output: r.stdout };
}

describe('every podstate command the docs show runs as the docs say', () => {
  it('the docs show commands (README.md, getting-started, commands, real-clusters, report, explore)', () => {
    expect(withCommands).toEqual(
      expect.arrayContaining([
        'README.md',
        'docs/getting-started.md',
        'docs/commands.md',
        'docs/real-clusters.md',
        'docs/report.md',
        'docs/explore.md',
      ]),
    );
  });

  it.each(withCommands)(
    '%s',
    (page) => {
      const failures = runCommands(page, docCommands(readFileSync(join(root, page), 'utf8')), workspace());
      expect(failures).toEqual([]);
    },
    300_000,
  );
});

/** Runs a page's commands in order in `dir`; what differs from the page, one entry a command. */
function runCommands(page: string, commands: DocCommand[], dir: ReturnType<typeof workspace>): string[] {
  const toDir = (s: string) => s.replace(/(^|[\s'"=])\/tmp(?=\/|\s|$)/g, `$1${dir.tmp}`);
  const failures: string[] = [];
  for (const c of commands) {
    const where = `${page}:${c.line}: ${c.command}`;
    if (c.setup !== undefined) {
      const s = sh(toDir(c.setup), dir);
      if (s.status !== 0) throw new Error(`${where}: setup exited ${s.status}:\n${s.output}`);
    }
    const r = sh(toDir(c.command.replace(/^npx podstate/, 'podstate')), dir);
    const output = r.output.split(dir.tmp).join('/tmp');
    if (r.status !== c.exit)
      failures.push(`${where}\n  exit ${r.status}, the page implies ${c.exit}; output:\n${output}`);
    if (c.excerpt !== undefined && !`\n${output}`.includes(`\n${c.excerpt.join('\n')}\n`))
      failures.push(
        `${where}\n  the page shows these lines of its output:\n${c.excerpt.join('\n')}\n  it prints:\n${output}`,
      );
    if (c.output !== undefined && c.output.length > 0) {
      const vary = (s: string) => (c.varies ? s.replace(c.varies, '…') : s);
      if (!matchesOutput(c.output.map(vary), vary(output)))
        failures.push(`${where}\n  the page shows:\n${c.output.join('\n')}\n  it prints:\n${output}`);
    }
  }
  return failures;
}

describe('the docs runner catches a wrong page', () => {
  const page = [
    '```sh',
    'podstate get pods --log nowhere.jsonl   # reads nothing',
    'kubectl get pods',
    '```',
    '<!-- doc-test exit=1 setup="touch x" varies="[0-9]+s" -->',
    '```console',
    '$ podstate verify --log x',
    'x: ok…',
    '…',
    'done in 5s',
    '```',
  ].join('\n');

  it('finds podstate commands only, with the options of the comment above their block', () => {
    const cs = docCommands(page);
    expect(cs.map((c) => [c.line, c.command, c.exit, c.setup])).toEqual([
      [2, 'podstate get pods --log nowhere.jsonl   # reads nothing', 0, undefined],
      [7, 'podstate verify --log x', 1, 'touch x'],
    ]);
    expect(cs[1]!.output).toEqual(['x: ok…', '…', 'done in 5s']);
  });

  it('an output line … stands for any lines; other lines must match exactly', () => {
    expect(matchesOutput(['a', '…', 'z'], 'a\nb\nc\nz\n')).toBe(true);
    expect(matchesOutput(['a', '…', 'z'], 'a\nz\n')).toBe(true);
    expect(matchesOutput(['a', 'z'], 'a\nb\nz\n')).toBe(false);
    expect(matchesOutput(['a (1)'], 'a 1\n')).toBe(false);
  });

  it('a wrong exit code, a wrong output and a missing excerpt line are each reported', () => {
    const wrong = [
      '```sh',
      'podstate get pods --log missing.jsonl',
      '```',
      '```console',
      '$ podstate verify --log missing.jsonl',
      'missing.jsonl: ok',
      '```',
      '<!-- doc-test output -->',
      '```',
      'podstate: no event log at nowhere',
      '```',
    ].join('\n');
    const failures = runCommands('wrong.md', docCommands(wrong), workspace());
    expect(failures).toHaveLength(4);
    expect(failures[0]).toMatch(/^wrong\.md:2: podstate get pods .*\n {2}exit 2, the page implies 0/);
    expect(failures[1]).toMatch(/^wrong\.md:5: .*\n {2}exit 2, the page implies 0/);
    expect(failures[2]).toMatch(/^wrong\.md:5: .*\n {2}the page shows these lines of its output:/);
    expect(failures[3]).toMatch(/^wrong\.md:5: .*\n {2}the page shows:\nmissing\.jsonl: ok/);
    expect(relative(root, bin)).toBe('packages/cli/bin/podstate.js');
  });
});
