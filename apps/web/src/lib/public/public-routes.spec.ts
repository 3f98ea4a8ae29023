import { describe, expect, it } from 'vitest';
import { isPublicPath, languageOfSearch, parsePublicPath, publicPath, searchOfLanguage, type PublicRoute } from './public-routes';

describe('public routes', () => {
  it('parse every page', () => {
    expect(parsePublicPath('/public')).toEqual({ kind: 'home' });
    expect(parsePublicPath('/public/')).toEqual({ kind: 'home' });
    expect(parsePublicPath('/public/district/2026-10')).toEqual({ kind: 'publication', ref: { kind: 'current', level: 'district', period: '2026-10' }, page: { kind: 'ranking' } });
    expect(parsePublicPath('/public/street/2026-Q3/method')).toEqual({ kind: 'publication', ref: { kind: 'current', level: 'street', period: '2026-Q3' }, page: { kind: 'method' } });
    expect(parsePublicPath('/public/district/2026-10/unit/320402')).toEqual({ kind: 'publication', ref: { kind: 'current', level: 'district', period: '2026-10' }, page: { kind: 'unit', code: '320402' } });
    expect(parsePublicPath('/public/p/7f3a-1')).toEqual({ kind: 'publication', ref: { kind: 'id', id: '7f3a-1' }, page: { kind: 'ranking' } });
    expect(parsePublicPath('/public/p/7f3a-1/method')).toEqual({ kind: 'publication', ref: { kind: 'id', id: '7f3a-1' }, page: { kind: 'method' } });
  });

  it('refuse what is not a page: inspectors, bad periods, unknown suffixes', () => {
    for (const path of ['/public/inspector/2026-10', '/public/district/2026-13', '/public/district', '/public/district/2026-10/x', '/public/p', '/public/district/2026-10/unit/a b', '/public/%E0%A4%A']) {
      expect(parsePublicPath(path), path).toEqual({ kind: 'notFound' });
    }
  });

  it('write paths that parse back to the same page', () => {
    const routes: PublicRoute[] = [
      { kind: 'publication', ref: { kind: 'current', level: 'community', period: '2026-10-01..2026-10-15' }, page: { kind: 'ranking' } },
      { kind: 'publication', ref: { kind: 'current', level: 'department', period: '2026' }, page: { kind: 'method' } },
      { kind: 'publication', ref: { kind: 'id', id: 'abc' }, page: { kind: 'unit', code: 'D01' } },
    ];
    for (const route of routes) if (route.kind === 'publication') expect(parsePublicPath(publicPath(route.ref, route.page))).toEqual(route);
    expect(publicPath(null)).toBe('/public');
  });

  it('tell public paths from the dashboard', () => {
    expect(isPublicPath('/public')).toBe(true);
    expect(isPublicPath('/public/district/2026-10')).toBe(true);
    expect(isPublicPath('/publications')).toBe(false);
    expect(isPublicPath('/explore')).toBe(false);
  });

  it('carry the language in the query string, English only', () => {
    expect(languageOfSearch('?lang=en')).toBe('en');
    expect(languageOfSearch('?lang=zh')).toBe('zh');
    expect(languageOfSearch('?lang=fr')).toBeNull();
    expect(languageOfSearch('')).toBeNull();
    expect(searchOfLanguage('en')).toBe('?lang=en');
    expect(searchOfLanguage('zh')).toBe('');
  });
});
