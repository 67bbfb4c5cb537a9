import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { utf8Length } from './volumePaths.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);
const encoded = (s: string) => new TextEncoder().encode(s).length;

// Any UTF-16 units, lone surrogates included (a JSON string may hold one).
const unit = fc.oneof(
  fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  fc.constantFrom('a', 'é', '€', '😀', '\ud800', '\udc00'),
);
const text = fc.array(unit, { maxLength: 40 }).map((us) => us.join(''));

describe("utf8Length: Go's len(string) without encoding", () => {
  it('counts the bytes TextEncoder writes, for any string', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(utf8Length(s)).toBe(encoded(s));
      }),
      { seed, numRuns: 5000, verbose: 1 },
    );
  });

  it('by hand: 1, 2, 3 and 4 byte characters, a lone surrogate at the end and before another character', () => {
    expect(['a', 'é', '€', '😀', '\ud800', '\ud800a', 'a\udc00'].map(utf8Length)).toEqual([
      1, 2, 3, 4, 3, 4, 4,
    ]);
    // The comparison would catch a count of UTF-16 units.
    expect('😀'.length).not.toBe(encoded('😀'));
  });
});
