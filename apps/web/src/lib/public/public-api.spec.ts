import type { PublicRankingList } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { currentId, periodsByLevel, PublicApi, PublicApiError } from './public-api';

const LIST: PublicRankingList = {
  items: [],
  periods: [
    { period: '2026-09', level: 'district', id: 'd9' },
    { period: '2026-10', level: 'district', id: 'd10' },
    { period: '2026-10', level: 'department', id: 'p10' },
  ],
};

describe('the public API client', () => {
  it('reads /api/public only, without credentials', async () => {
    const calls: { url: string; headers?: Record<string, string> }[] = [];
    const api = new PublicApi('', async (url, init) => {
      calls.push({ url, headers: init?.headers });
      return { ok: true, status: 200, statusText: 'OK', json: async () => ({}) };
    });
    await api.list();
    await api.ranking('a/b');
    await api.history('street', '3204021');
    await api.regions('district');
    expect(calls.map((c) => c.url)).toEqual(['/api/public/rankings', '/api/public/rankings/a%2Fb', '/api/public/units/street/3204021/history', '/api/public/regions?level=district']);
    for (const c of calls) expect(Object.keys(c.headers ?? {}).map((k) => k.toLowerCase())).not.toContain('authorization');
    expect(api.downloadUrl('x1', 'xlsx', 'en')).toBe('/api/public/rankings/x1.xlsx?lang=en');
  });

  it('turns an error answer into PublicApiError with the server message', async () => {
    const api = new PublicApi('', async () => ({ ok: false, status: 404, statusText: 'Not Found', json: async () => ({ message: 'no publication x' }) }));
    await expect(api.ranking('x')).rejects.toEqual(new PublicApiError(404, 'no publication x'));
  });

  it('finds the current publication of a period and groups periods by level, newest first', () => {
    expect(currentId(LIST, 'district', '2026-10')).toBe('d10');
    expect(currentId(LIST, 'street', '2026-10')).toBeNull();
    expect(periodsByLevel(LIST, ['district', 'street', 'community', 'department'])).toEqual([
      { level: 'district', periods: [{ period: '2026-10', id: 'd10' }, { period: '2026-09', id: 'd9' }] },
      { level: 'department', periods: [{ period: '2026-10', id: 'p10' }] },
    ]);
  });
});
