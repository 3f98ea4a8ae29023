import { describe, expect, it } from 'vitest';
import { indexOfScope, rotationAt, rotationScopes } from './rotation';

describe('rotation schedule', () => {
  const scopes = rotationScopes(['A', 'B', 'C']);

  it('starts with the city, then each district', () => {
    expect(scopes).toEqual([null, 'A', 'B', 'C']);
  });

  it('is a function of the clock: steps every period, wraps, reports the time left', () => {
    const t0 = 1_000_000;
    expect(rotationAt(scopes, 10, t0, t0)).toEqual({ index: 0, scope: null, remainingMs: 10_000 });
    expect(rotationAt(scopes, 10, t0, t0 + 9_999)).toMatchObject({ index: 0, remainingMs: 1 });
    expect(rotationAt(scopes, 10, t0, t0 + 10_000)).toMatchObject({ index: 1, scope: 'A', remainingMs: 10_000 });
    expect(rotationAt(scopes, 10, t0, t0 + 35_000)).toMatchObject({ index: 3, scope: 'C', remainingMs: 5_000 });
    expect(rotationAt(scopes, 10, t0, t0 + 40_000)).toMatchObject({ index: 0, scope: null });
    // a clock before the start (a tab's timer firing early) stays at the start
    expect(rotationAt(scopes, 10, t0, t0 - 5)).toMatchObject({ index: 0, remainingMs: 10_000 });
  });

  it('continues from the scope shown when rotation began', () => {
    const t0 = 0;
    expect(rotationAt(scopes, 10, t0, 0, indexOfScope(scopes, 'B')).scope).toBe('B');
    expect(rotationAt(scopes, 10, t0, 20_000, indexOfScope(scopes, 'B')).scope).toBe(null);
    expect(indexOfScope(scopes, 'Z')).toBe(0);
  });

  it('refuses nonsense', () => {
    expect(() => rotationAt([], 10, 0, 0)).toThrow();
    expect(() => rotationAt(scopes, 0, 0, 0)).toThrow();
  });
});
