import { describe, expect, it } from 'vitest';
import { mappingCodes, parseMapping } from './mapping';

const minimal = {
  source: 'x',
  columns: { id: 'id', category: 'cat', created: 'created', coordinates: { lon: 'lon', lat: 'lat' } },
  dates: { formats: ['ISO'], zone: 'Asia/Shanghai' },
  categories: { table: { a: 'A1' }, other: 'Z9' },
};

describe('parseMapping', () => {
  it('fills the defaults of a minimal mapping', () => {
    const parsed = parseMapping(minimal);
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.mapping.csv).toEqual({ delimiter: ',', encoding: 'utf-8', header: true });
    expect(parsed.mapping.columns.category).toEqual(['cat']);
    expect(parsed.mapping.columns.coordinates).toEqual([{ lon: 'lon', lat: 'lat', crs: 'wgs84' }]);
    expect(parsed.mapping.channels).toEqual({ table: {}, other: 'other' });
    expect(mappingCodes(parsed.mapping)).toEqual({ categories: ['A1', 'Z9'], departments: [] });
  });

  it('names every field at fault', () => {
    const parsed = parseMapping({ ...minimal, source: 'has space', columns: { ...minimal.columns, id: '' }, categories: { table: {} } });
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(parsed.error).toContain('mapping.source:');
    expect(parsed.error).toContain('mapping.columns.id:');
    expect(parsed.error).toContain('mapping.categories.other:');
  });

  it('refuses unknown keys, projected columns without an EPSG code, and unknown time zones', () => {
    expect(parseMapping({ ...minimal, extra: 1 })).toMatchObject({ ok: false });
    const xy = { ...minimal, columns: { ...minimal.columns, coordinates: { x: 'X', y: 'Y', crs: 'state plane' } } };
    expect(parseMapping(xy)).toMatchObject({ ok: false, error: expect.stringContaining('EPSG:<code>') });
    expect(parseMapping({ ...minimal, dates: { formats: ['ISO'], zone: 'Mars/Olympus' } })).toEqual({
      ok: false,
      error: 'mapping.dates.zone: "Mars/Olympus" is not an IANA time zone',
    });
  });
});

describe('docs/import.md', () => {
  it('shows mapping examples that parse', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync('docs/import.md', 'utf8');
    const examples = [...doc.matchAll(/```json\n([\s\S]*?)```/g)].map((m) => JSON.parse(m[1]) as unknown).filter((j) => typeof j === 'object' && j !== null && 'columns' in j);
    expect(examples.length).toBeGreaterThan(0);
    for (const example of examples) {
      const parsed = parseMapping(example);
      expect(parsed.ok ? '' : parsed.error).toBe('');
    }
  });
});
