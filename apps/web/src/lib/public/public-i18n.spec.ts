import { describe, expect, it } from 'vitest';
import { publicEn } from './messages-en';
import { publicZh } from './messages-zh';
import { translatePublic } from './public-i18n';

describe('public site dictionaries', () => {
  it('have the same keys in both languages, none empty, the same placeholders', () => {
    expect(Object.keys(publicEn).sort()).toEqual(Object.keys(publicZh).sort());
    const holes = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const [key, zh] of Object.entries(publicZh)) {
      expect(zh.trim(), key).not.toBe('');
      expect(holes(publicEn[key as keyof typeof publicZh]), key).toEqual(holes(zh));
    }
  });

  it('fill placeholders', () => {
    expect(translatePublic('zh', 'ranking.suppressed', { n: 5 })).toBe('少于 5 件:不显示');
    expect(translatePublic('en', 'ranking.suppressed', { n: 5 })).toBe('fewer than 5 cases: not shown');
  });
});
