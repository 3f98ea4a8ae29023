/**
 * The app's pages by path: a pure table lookup (no router library for a handful of routes). A route is
 * `{ path, ... }`; the first whose path equals the location's (trailing slash ignored) wins, else the first route.
 */
export interface RouteEntry {
  /** `/`, `/explore`, … (exact match, no parameters: page state lives in the query string). */
  path: string;
}

/** `/explore/` → `/explore`; `''` → `/`. */
export function normalisePath(pathname: string): string {
  const trimmed = pathname.replace(/\/+$/, '');
  return trimmed === '' ? '/' : trimmed;
}

/** The route for a pathname, or the first route (the home page) when none matches. */
export function matchRoute<R extends RouteEntry>(routes: readonly R[], pathname: string): R {
  if (!routes.length) throw new Error('no routes');
  const path = normalisePath(pathname);
  return routes.find((r) => normalisePath(r.path) === path) ?? routes[0];
}
