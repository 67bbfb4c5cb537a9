// The planted-bug catalogue (`npm run planted-bugs`, issue 17) stays plantable: each bug's text is
// found exactly once in the file it names, and planting it changes that file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUGS } from '../scripts/planted-bugs.catalogue.mjs';

type Edit = { file: string; from: string; to: string };
type Bug = { id: string; edits?: Edit[] } & Partial<Edit>;
const editsOf = (b: Bug): Edit[] => b.edits ?? [{ file: b.file!, from: b.from!, to: b.to! }];
const ROOT = join(import.meta.dirname, '..');

describe('planted-bug catalogue', () => {
  it('names at least ten bugs, each with its own id', () => {
    const ids = (BUGS as Bug[]).map((b) => b.id);
    expect(ids.length).toBeGreaterThanOrEqual(10);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it.each((BUGS as Bug[]).map((b) => [b.id, b] as const))(
    '%s: its text is in its file exactly once',
    (_id, bug) => {
      expect(editsOf(bug).length).toBeGreaterThan(0);
      for (const edit of editsOf(bug)) {
        const text = readFileSync(join(ROOT, edit.file), 'utf8');
        expect(text.split(edit.from).length - 1, `${edit.file}: ${edit.from}`).toBe(1);
        expect(edit.to).not.toBe(edit.from);
      }
    },
  );
});
