/**
 * The wall's and the department view's addresses: `/wall` (the city), `/wall/{district}` (drill-down),
 * `?rotate=<seconds>` (cycle city → each district, for an unattended screen), `/department/{code}`.
 */

export type FullScreenRoute = { page: 'wall'; district: string | null } | { page: 'department'; code: string };

const CODE = /^[A-Za-z0-9_-]{1,64}$/;

/** The full-screen page a path names, or null for any other path (the dashboard's pages). */
export function fullScreenRoute(path: string): FullScreenRoute | null {
  const parts = path.split('/').filter(Boolean).map(safeDecode);
  if (parts[0] === 'wall') {
    if (parts.length === 1) return { page: 'wall', district: null };
    if (parts.length === 2 && CODE.test(parts[1])) return { page: 'wall', district: parts[1] };
    return null;
  }
  if (parts[0] === 'department' && parts.length === 2 && CODE.test(parts[1])) return { page: 'department', code: parts[1] };
  return null;
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}

/** The wall's path for a scope (null = the city). */
export function wallPath(district: string | null): string {
  return district ? `/wall/${encodeURIComponent(district)}` : '/wall';
}

export const MIN_ROTATE_SECONDS = 5;
export const MAX_ROTATE_SECONDS = 3600;

/**
 * `?rotate=30` → 30 (seconds per scope); absent, empty or not a whole number in [5, 3600] → null (no rotation: a
 * screen left on a typo should stay put rather than flicker).
 */
export function parseRotate(search: string): number | null {
  const value = new URLSearchParams(search).get('rotate');
  if (value === null || !/^\d+$/.test(value)) return null;
  const seconds = Number(value);
  return seconds >= MIN_ROTATE_SECONDS && seconds <= MAX_ROTATE_SECONDS ? seconds : null;
}
