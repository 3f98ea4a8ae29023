import { describe, expect, it } from 'vitest';
import type { Category } from '@gridlens/contracts';
import { categoryTree, indexCatalogue, NameIndex } from './catalogue-index';

const cat = (code: string, level: Category['level'], parent: string | null): Category => ({
  code,
  family: code.startsWith('C') ? 'component' : 'event',
  level,
  parent,
  nameZh: `中${code}`,
  nameEn: `en ${code}`,
  timeLimit: null,
  department: null,
  emergency: false,
});

describe('catalogue index', () => {
  it('names by code in both languages, the code when unknown', () => {
    const names = new NameIndex([{ code: 'D1', nameZh: '城管局', nameEn: 'Urban management' }]);
    expect(names.name('D1', 'zh')).toBe('城管局');
    expect(names.name('D1', 'en')).toBe('Urban management');
    expect(names.name('D9', 'en')).toBe('D9');
    expect(names.name(null, 'zh')).toBe('');
  });

  it('puts the categories in tree order with depths: family, majors, minors', () => {
    const list = [cat('E0501', 'minor', 'E05'), cat('C', 'family', null), cat('E', 'family', null), cat('E05', 'major', 'E'), cat('C01', 'major', 'C'), cat('C0101', 'minor', 'C01'), cat('X01', 'major', 'X')];
    expect(categoryTree(list).map((o) => `${o.depth}:${o.code}`)).toEqual(['0:C', '1:C01', '2:C0101', '0:E', '1:E05', '2:E0501', '0:X01']);
    const index = indexCatalogue({ categories: list, departments: [], districts: [] });
    expect(index.categories.name('E0501', 'en')).toBe('en E0501');
    expect(index.categoryOptions).toHaveLength(list.length);
  });
});
