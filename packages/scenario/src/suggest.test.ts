import { describe, expect, it } from 'vitest';
import { didYouMean } from './suggest.js';

describe('didYouMean', () => {
  it('lists the valid values when nothing is near', () => {
    expect(didYouMean('zzz', ['a', 'b'])).toBe('Valid: a, b.');
    expect(didYouMean('stauts', ['status'])).toBe('Did you mean "status"?');
  });
});
