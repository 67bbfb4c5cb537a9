// The planted-bug catalogue (`npm run planted-bugs`, issue 17) stays plantable: each bug's text is
// found exactly once in the file it names, and planting it changes that file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUGS } from '../scripts/planted-bugs.catalogue.mjs';

type Bug = { id: string; file: string; from: string; to: string };
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
      const text = readFileSync(join(ROOT, bug.file), 'utf8');
      expect(text.split(bug.from).length - 1).toBe(1);
      expect(bug.to).not.toBe(bug.from);
    },
  );
});
