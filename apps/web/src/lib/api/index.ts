import { session } from '../state/session.svelte';
import { ApiClient } from './client';

export * from './client';

/** The app's API client: same origin, the signed-in token; a 401 signs the user out. */
export const api = new ApiClient({
  getToken: () => session.token,
  onUnauthorized: () => session.signOut(),
});

/** A readable message for a failed call. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
