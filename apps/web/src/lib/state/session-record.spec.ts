import { describe, expect, it } from 'vitest';
import { isSessionRecord } from './session-record';
import { readJson, writeJson, type KeyValueStorage } from './storage';

function memoryStorage(): KeyValueStorage & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v), removeItem: (k) => void data.delete(k) };
}

describe('session record', () => {
  it('accepts a sign-in and refuses anything else', () => {
    expect(isSessionRecord({ token: 't', role: 'leader', username: 'u' })).toBe(true);
    expect(isSessionRecord({ token: '', role: 'leader', username: 'u' })).toBe(false);
    expect(isSessionRecord({ token: 't', role: 'root', username: 'u' })).toBe(false);
    expect(isSessionRecord({ token: 't', role: 'toString', username: 'u' })).toBe(false);
    expect(isSessionRecord(null)).toBe(false);
  });

  it('round-trips through storage and is removed by null', () => {
    const storage = memoryStorage();
    writeJson(storage, 'k', { token: 't', role: 'admin', username: 'admin' });
    expect(readJson(storage, 'k', isSessionRecord)).toEqual({ token: 't', role: 'admin', username: 'admin' });
    writeJson(storage, 'k', null);
    expect(storage.data.size).toBe(0);
    storage.setItem('k', '{not json');
    expect(readJson(storage, 'k', isSessionRecord)).toBeNull();
    expect(readJson(null, 'k', isSessionRecord)).toBeNull();
  });
});
