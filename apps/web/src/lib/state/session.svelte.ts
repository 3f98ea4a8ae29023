/// <reference types="svelte" />
import type { LoginResponse, Role } from '@gridlens/contracts';
import { isSessionRecord, SESSION_KEY, type SessionRecord } from './session-record';
import { browserStorage, readJson, writeJson, type KeyValueStorage } from './storage';

/** Who is signed in: the token and role, persisted in sessionStorage so a reload keeps the sign-in. */
export class Session {
  token = $state<string | null>(null);
  role = $state<Role | null>(null);
  username = $state<string | null>(null);
  readonly signedIn = $derived(this.token !== null);

  constructor(private readonly storage: KeyValueStorage | null = browserStorage('sessionStorage')) {
    const saved = readJson(storage, SESSION_KEY, isSessionRecord);
    if (saved) this.apply(saved);
  }

  signIn(username: string, answer: LoginResponse): void {
    const record: SessionRecord = { token: answer.token, role: answer.role, username };
    this.apply(record);
    writeJson(this.storage, SESSION_KEY, record);
  }

  signOut(): void {
    this.token = null;
    this.role = null;
    this.username = null;
    writeJson(this.storage, SESSION_KEY, null);
  }

  private apply(record: SessionRecord): void {
    this.token = record.token;
    this.role = record.role;
    this.username = record.username;
  }
}

/** The app's one session. */
export const session = new Session();
