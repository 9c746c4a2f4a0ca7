// Every word the UI shows in English has its Korean form, and the other way round.
import { describe, expect, it } from 'vitest';
import { fill, LABELS, VIEW_TEXT, WORDS } from './i18n.js';

describe('translations', () => {
  it('the English and Korean tables have the same keys and no empty entries', () => {
    for (const table of [WORDS, LABELS]) {
      expect(Object.keys(table.ko).sort()).toEqual(Object.keys(table.en).sort());
      for (const v of [...Object.values(table.en), ...Object.values(table.ko)]) expect(v.trim()).not.toBe('');
    }
    expect(Object.keys(VIEW_TEXT.ko).sort()).toEqual(Object.keys(VIEW_TEXT.en).sort());
  });
  it('the Korean words are Korean where English has the words the issue found untranslated', () => {
    for (const k of ['chosen', 'fold', 'meanStd', 'acc', 'sealed']) expect(WORDS.ko[k]).toMatch(/[\uac00-\ud7a3]/);
  });
  it('placeholders are filled, unknown ones left as they are', () => {
    expect(fill('round {r} / {n} {x}', { r: 3, n: 20 })).toBe('round 3 / 20 {x}');
  });
});
