import type { Role } from '@gridlens/contracts';

/** What a sign-in leaves in sessionStorage (per tab, gone when the tab closes). */
export interface SessionRecord {
  token: string;
  role: Role;
  username: string;
}

export const SESSION_KEY = 'gridlens.session';

// Type-only use of @gridlens/contracts keeps zod out of the browser bundle; Record<Role, …> stays exhaustive.
const KNOWN_ROLES: Record<Role, true> = { planner: true, leader: true, admin: true };

export function isSessionRecord(value: unknown): value is SessionRecord {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.token === 'string' &&
    v.token.length > 0 &&
    typeof v.username === 'string' &&
    typeof v.role === 'string' &&
    Object.hasOwn(KNOWN_ROLES, v.role)
  );
}
