import { describe, expect, it } from 'vitest';
import { closest, editDistance, unknownName } from './suggest.js';

describe('edit distance suggestions', () => {
  it('computes Levenshtein distances exactly', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('adam', 'adam')).toBe(0);
    expect(editDistance('', 'sgd')).toBe(3);
    expect(editDistance('adma', 'adam')).toBe(2);
  });
  it('suggests the closest name only when it is a plausible typo', () => {
    expect(closest('adma', ['sgd', 'adam', 'adamw'])).toBe('adam');
    expect(closest('rmsprp', ['sgd', 'rmsprop'])).toBe('rmsprop');
    expect(closest('xyzzyplugh', ['sgd', 'adam'])).toBeNull();
    expect(unknownName('optimizer', 'adma', ['adam'])).toBe("unknown optimizer 'adma' (did you mean adam?)");
    expect(unknownName('optimizer', 'zzzzzzzz', ['adam', 'sgd'])).toBe("unknown optimizer 'zzzzzzzz' (known: adam, sgd)");
  });
});
