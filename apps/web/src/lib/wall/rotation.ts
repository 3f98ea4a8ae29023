/**
 * The rotation mode: the city, then each district in turn, `seconds` each, for ever. The schedule is a pure
 * function of the clock (the scope shown at `now` given when rotation started), so a missed timer tick never
 * drifts the cycle, and the wall can show how long until the next scope.
 */

/** The scopes in rotation order: the city (null) first, then the districts in the order given. */
export function rotationScopes(districts: readonly string[]): (string | null)[] {
  return [null, ...districts];
}

export interface RotationPosition {
  /** Index into the scopes. */
  index: number;
  scope: string | null;
  /** Milliseconds until the next scope. */
  remainingMs: number;
}

/**
 * Where the rotation stands at `now`, having started at `startedAt` on `startIndex` (the scope the wall showed when
 * rotation began: the cycle continues from there).
 */
export function rotationAt(scopes: readonly (string | null)[], seconds: number, startedAt: number, now: number, startIndex = 0): RotationPosition {
  if (!scopes.length) throw new Error('no scopes to rotate through');
  if (!(seconds > 0)) throw new Error('rotation period must be positive');
  const periodMs = seconds * 1000;
  const elapsed = Math.max(0, now - startedAt);
  const steps = Math.floor(elapsed / periodMs);
  const index = (((startIndex + steps) % scopes.length) + scopes.length) % scopes.length;
  return { index, scope: scopes[index], remainingMs: periodMs - (elapsed - steps * periodMs) };
}

/** The index of a scope in the rotation (0, the city, when it is not there). */
export function indexOfScope(scopes: readonly (string | null)[], scope: string | null): number {
  const i = scopes.indexOf(scope);
  return i < 0 ? 0 : i;
}
