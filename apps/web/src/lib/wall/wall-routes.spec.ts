import { describe, expect, it } from 'vitest';
import { fullScreenRoute, parseRotate, wallPath } from './wall-routes';

describe('wall and department routes', () => {
  it('reads /wall, /wall/{district} and /department/{code}', () => {
    expect(fullScreenRoute('/wall')).toEqual({ page: 'wall', district: null });
    expect(fullScreenRoute('/wall/')).toEqual({ page: 'wall', district: null });
    expect(fullScreenRoute('/wall/320402')).toEqual({ page: 'wall', district: '320402' });
    expect(fullScreenRoute('/department/D01')).toEqual({ page: 'department', code: 'D01' });
    expect(fullScreenRoute('/department')).toBeNull();
    expect(fullScreenRoute('/wall/a/b')).toBeNull();
    expect(fullScreenRoute('/wall/%3Cscript%3E')).toBeNull();
    expect(fullScreenRoute('/')).toBeNull();
    expect(fullScreenRoute('/explore')).toBeNull();
    expect(fullScreenRoute('/wallpaper')).toBeNull();
  });

  it('builds wall paths', () => {
    expect(wallPath(null)).toBe('/wall');
    expect(wallPath('320402')).toBe('/wall/320402');
  });

  it('accepts ?rotate= whole seconds in [5, 3600] only', () => {
    expect(parseRotate('?rotate=30')).toBe(30);
    expect(parseRotate('rotate=5')).toBe(5);
    expect(parseRotate('?rotate=3600')).toBe(3600);
    expect(parseRotate('?rotate=4')).toBeNull();
    expect(parseRotate('?rotate=3601')).toBeNull();
    expect(parseRotate('?rotate=1.5')).toBeNull();
    expect(parseRotate('?rotate=')).toBeNull();
    expect(parseRotate('?rotate=abc')).toBeNull();
    expect(parseRotate('')).toBeNull();
  });
});
