/** The part of the Web Storage API gridlens uses (sessionStorage / localStorage, or a fake in tests). */
export interface KeyValueStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

/** `sessionStorage` / `localStorage` when the page has them (not in node, nor where storage is blocked). */
export function browserStorage(kind: 'sessionStorage' | 'localStorage'): KeyValueStorage | null {
  try {
    return (globalThis as Partial<Record<typeof kind, KeyValueStorage>>)[kind] ?? null;
  } catch {
    return null; // some browsers throw on access when storage is disabled
  }
}

/** Read a JSON value; null when absent or unreadable. */
export function readJson<T>(storage: KeyValueStorage | null, key: string, valid: (value: unknown) => value is T): T | null {
  if (!storage) return null;
  try {
    const raw = storage.getItem(key);
    if (raw === null) return null;
    const value: unknown = JSON.parse(raw);
    return valid(value) ? value : null;
  } catch {
    return null;
  }
}

/** Write a JSON value, or remove the key for null. Storage errors (quota, privacy mode) are ignored. */
export function writeJson(storage: KeyValueStorage | null, key: string, value: unknown): void {
  if (!storage) return;
  try {
    if (value === null) storage.removeItem(key);
    else storage.setItem(key, JSON.stringify(value));
  } catch {
    // not persisted: the state still lives in memory
  }
}
