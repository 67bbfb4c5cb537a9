import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance, nearest } from './suggest.js';

describe('suggest', () => {
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

  it('lists the valid values when nothing is near', () => {
    expect(didYouMean('zzz', ['a', 'b'])).toBe('Valid: a, b.');
    expect(didYouMean('stauts', ['status'])).toBe('Did you mean "status"?');
  });
});
