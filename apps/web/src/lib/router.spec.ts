import { describe, expect, it } from 'vitest';
import { matchRoute, normalisePath } from './router';

const ROUTES = [{ path: '/', name: 'dashboard' }, { path: '/explore', name: 'explore' }, { path: '/wall', name: 'wall' }];

describe('router table', () => {
  it('matches exact paths, ignoring a trailing slash', () => {
    expect(matchRoute(ROUTES, '/explore').name).toBe('explore');
    expect(matchRoute(ROUTES, '/explore/').name).toBe('explore');
    expect(matchRoute(ROUTES, '/wall').name).toBe('wall');
    expect(matchRoute(ROUTES, '/').name).toBe('dashboard');
  });
  it('falls back to the first route for an unknown path', () => {
    expect(matchRoute(ROUTES, '/nowhere').name).toBe('dashboard');
    expect(matchRoute(ROUTES, '/explore/extra').name).toBe('dashboard');
  });
  it('normalises paths', () => {
    expect(normalisePath('')).toBe('/');
    expect(normalisePath('///')).toBe('/');
    expect(normalisePath('/a//')).toBe('/a');
  });
});
