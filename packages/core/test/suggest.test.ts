import { describe, expect, it } from 'vitest';
import { editDistance, nearest } from '../src/events/suggest.js';

describe('suggest (the one edit-distance helper: event types, CLI flags, scenario keys, Pod names)', () => {
  it.each([
    ['', '', 0],
    ['abc', 'abc', 0],
    ['containrs', 'containers', 1],
    ['kitten', 'sitting', 3],
  ])('editDistance(%j, %j) = %i', (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
  });

  it.each([
    ['containrs', 'containers'],
    ['Phase', 'phase'],
    ['podip', 'podIP'],
    ['xyz', undefined],
    ['s', undefined],
  ])('nearest(%j) = %j', (word, hit) => {
    expect(nearest(word, ['phase', 'status', 'containers', 'podIP'])).toBe(hit);
  });
});
