import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ID_PATTERN, STREAM_PATTERN, TYPE_PATTERN } from './assertAppendInput.js';
import { isEventId, isEventTypeName, isStreamName } from './envelopeNames.js';

const seed = Number(process.env.PODSTATE_SEED ?? 20_261_207);

// Strings near the edges: the characters the patterns care about, prefixes that select a branch,
// lengths around the limits (128 for ids, 253 for a segment).
const chars = fc.constantFrom(...'aZ09._-:/ %é'.split(''));
const body = (max: number) => fc.array(chars, { maxLength: max }).map((cs) => cs.join(''));
const prefix = fc.constantFrom('', 'pod/', 'node/', 'secret/a/', 'configmap/ns/', 'cluster', 'pods/');
const near = fc.oneof(
  fc.tuple(prefix, body(12)).map(([p, b]) => p + b),
  fc.tuple(prefix, fc.integer({ min: 120, max: 260 })).map(([p, n]) => `${p}a${'b'.repeat(n)}`),
  fc.string(),
);

// Types: segments of the characters TYPE_PATTERN cares about, joined by dots (or not).
const typeChars = fc.constantFrom(...'az09-.A_é/ '.split(''));
const nearType = fc.oneof(
  fc.array(typeChars, { maxLength: 12 }).map((cs) => cs.join('')),
  fc
    .array(
      fc.array(typeChars, { maxLength: 5 }).map((cs) => cs.join('')),
      { maxLength: 4 },
    )
    .map((segs) => segs.join('.')),
  fc.string(),
);
describe('envelope names without the regex engine (the read path tests every line, the writers every append)', () => {
  it('isStreamName agrees with STREAM_PATTERN', () => {
    fc.assert(
      fc.property(near, (s) => {
        expect(isStreamName(s)).toBe(STREAM_PATTERN.test(s));
      }),
      { seed, numRuns: 5000, verbose: 1 },
    );
  });

  it('isEventId agrees with ID_PATTERN', () => {
    fc.assert(
      fc.property(near, (s) => {
        expect(isEventId(s)).toBe(ID_PATTERN.test(s));
      }),
      { seed, numRuns: 5000, verbose: 1 },
    );
  });

  it('isEventTypeName agrees with TYPE_PATTERN', () => {
    fc.assert(
      fc.property(nearType, (s) => {
        expect(isEventTypeName(s)).toBe(TYPE_PATTERN.test(s));
      }),
      { seed, numRuns: 5000, verbose: 1 },
    );
  });

  it('types by hand: segment starts, empty segments, case, non-ASCII; the same answers the second time (remembered)', () => {
    const types = ['a', 'container.started', 'a-b.c-1', 'a.', '.a', 'a..b', 'a.1', 'A', '', 'pod.créé'];
    const expected = [true, true, true, false, false, false, false, false, false, false];
    expect(types.map(isEventTypeName)).toEqual(expected);
    expect(types.map(isEventTypeName)).toEqual(expected);
  });

  it('the edges, by hand: lengths, end characters, the separators of each pattern', () => {
    const seg = (n: number) => `a${'b'.repeat(n - 2)}c`;
    expect([isStreamName(`pod/${seg(253)}`), isStreamName(`pod/${seg(254)}`)]).toEqual([true, false]);
    expect([
      isStreamName('pod/a'),
      isStreamName('pod/a-'),
      isStreamName('pod/'),
      isStreamName('node/a.b'),
    ]).toEqual([true, false, false, true]);
    expect([isStreamName('pod/a:b'), isStreamName('cluster'), isStreamName('secret/ns/x')]).toEqual([
      false,
      true,
      true,
    ]);
    expect([
      isEventId('a'.repeat(128)),
      isEventId('a'.repeat(129)),
      isEventId('-a'),
      isEventId('a:b-'),
    ]).toEqual([true, false, false, true]);
  });
});
