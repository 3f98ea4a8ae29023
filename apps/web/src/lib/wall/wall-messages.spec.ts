import { describe, expect, it } from 'vitest';
import { ALERT_KINDS } from '@gridlens/contracts';
import { wallEn, wallText, wallZh } from './wall-messages';

describe('wall messages', () => {
  it('have every key in both languages, none empty, the same placeholders', () => {
    expect(Object.keys(wallEn).sort()).toEqual(Object.keys(wallZh).sort());
    for (const key of Object.keys(wallZh) as (keyof typeof wallZh)[]) {
      expect(wallZh[key].trim()).not.toBe('');
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(wallEn[key]), key).toEqual(names(wallZh[key]));
    }
  });

  it('name every alert kind', () => {
    for (const kind of ALERT_KINDS) expect(wallZh).toHaveProperty(`wall.alert.${kind}`);
  });

  it('fill placeholders', () => {
    expect(wallText('zh', 'wall.urgent.due', { time: '17:30' })).toBe('限 17:30');
    expect(wallText('en', 'wall.alert.cases', { n: 3 })).toBe('3 cases');
  });
});
