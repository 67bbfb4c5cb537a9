// Docs stand on their own: every relative link and every repository path a page names (in
// backticks, e.g. `examples/crashloop.yaml`, `packages/core/src/...`) resolves inside the
// repository, anchors included. Web links are left alone.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function markdownFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    if (statSync(p).isDirectory()) return markdownFiles(p);
    return f.endsWith('.md') ? [p] : [];
  });
}

const pages = [
  join(root, 'README.md'),
  ...markdownFiles(join(root, 'docs')),
  ...readdirSync(join(root, 'packages'))
    .map((p) => join(root, 'packages', p, 'README.md'))
    .filter(existsSync),
];

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes, repeats numbered. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  const seen = new Map<string, number>();
  const text = markdown.replace(/```[\s\S]*?```/g, '');
  for (const m of text.matchAll(/^#{1,6}\s+(.+?)\s*#*$/gm)) {
    const base = m[1]!
      .replace(/<[^>]+>/g, '')
      .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
      .toLowerCase()
      .replace(/[^\p{L}\p{N}\s_-]/gu, '')
      .replace(/\s/g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n === 0 ? base : `${base}-${n}`);
  }
  for (const m of markdown.matchAll(/<a (?:id|name)="([^"]+)"/g)) out.add(m[1]!);
  return out;
}

/** Links `[text](target)` outside code blocks and code spans. */
function links(markdown: string): string[] {
  const text = markdown.replace(/```[\s\S]*?```/g, '').replace(/`[^`\n]*`/g, '');
  return [...text.matchAll(/\]\(([^)\s]+)(?:\s+"[^"]*")?\)/g)].map((m) => m[1]!);
}

/** Repository paths named in code spans: they start with a top-level directory of the repository. */
function namedPaths(markdown: string): string[] {
  const tops = readdirSync(root).filter(
    (f) => !f.startsWith('.') && f !== 'node_modules' && statSync(join(root, f)).isDirectory(),
  );
  const prose = markdown.replace(/```[\s\S]*?```/g, '');
  const out: string[] = [];
  for (const m of prose.matchAll(/`([^`\s]+)`/g)) {
    const p = m[1]!.replace(/[:#].*$/, '');
    if (tops.some((t) => p.startsWith(`${t}/`)) && !/[*<>{}$]/.test(p)) out.push(p);
  }
  return out;
}

describe('docs resolve inside the repository', () => {
  it.each(pages.map((p) => relative(root, p)))(
    '%s: every relative link resolves (file and anchor)',
    (page) => {
      const file = join(root, page);
      const broken: string[] = [];
      for (const link of links(readFileSync(file, 'utf8'))) {
        if (/^[a-z]+:/i.test(link)) continue;
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? file : resolve(dirname(file), decodeURIComponent(path));
        if (!target.startsWith(root) || !existsSync(target)) {
          broken.push(`${link}: no such file in the repository`);
          continue;
        }
        if (anchor && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor))
          broken.push(`${link}: no heading with anchor #${anchor}`);
      }
      expect(broken).toEqual([]);
    },
  );

  it.each(pages.map((p) => relative(root, p)))('%s: every repository path it names exists', (page) => {
    const missing = namedPaths(readFileSync(join(root, page), 'utf8')).filter(
      (p) => !existsSync(join(root, p)),
    );
    expect(missing).toEqual([]);
  });

  it('no page refers to a DESIGN.md: the repository has none', () => {
    expect(existsSync(join(root, 'DESIGN.md'))).toBe(false);
    const mentioning = pages
      .filter((p) => readFileSync(p, 'utf8').includes('DESIGN.md'))
      .map((p) => relative(root, p));
    expect(mentioning).toEqual([]);
  });

  it('the checks catch a broken link, a missing anchor and a missing path (so they can fail)', () => {
    expect(links('see [x](nowhere.md) and `code [y](z)`')).toEqual(['nowhere.md']);
    expect(anchors('# Two words\n## Two words\n')).toEqual(new Set(['two-words', 'two-words-1']));
    expect(namedPaths('run `examples/none.yaml` or `npx podstate`')).toEqual(['examples/none.yaml']);
  });
});
