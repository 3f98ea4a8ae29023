/**
 * The end-to-end tier's plumbing: which databases a spec runs against, one built server per spec and
 * database (restartable on the same data), and a small HTTP client for the API.
 *
 * Databases: the embedded PGlite (a temp DATA_DIR) and, when TEST_DATABASE_URL is set, a fresh scratch
 * database on that PostgreSQL + PostGIS server. With CI set and TEST_DATABASE_URL missing, the PostgreSQL
 * suites are still declared and fail in beforeAll (testDatabaseUrl() throws): they never skip in CI.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Category, IngestResult, KpiSnapshot, LoginResponse } from '@gridlens/contracts';
import { startServer, TEST_ADMIN_PASSWORD, TEST_INGEST_KEY, type ServerProcess } from './server-process';
import { createScratchDatabase, testDatabaseUrl } from './test-databases';

export type BackendName = 'pglite' | 'postgres';

export interface BackendChoice {
  name: BackendName;
  /** False only for PostgreSQL outside CI without TEST_DATABASE_URL. */
  enabled: boolean;
}

/** The backends a spec asks for, each enabled or (PostgreSQL, locally, unconfigured) skipped. */
export function e2eBackends(wanted: readonly BackendName[]): BackendChoice[] {
  return wanted.map((name) => ({ name, enabled: name === 'pglite' || postgresWanted() }));
}

function postgresWanted(): boolean {
  try {
    return testDatabaseUrl() !== null;
  } catch {
    return true; // CI without TEST_DATABASE_URL: declare the suites; launching them throws and fails them.
  }
}

/** A running server on its own database; `restart()` stops it and starts a new process on the same data. */
export interface E2eServer {
  backend: BackendName;
  server: ServerProcess;
  readonly url: string;
  api: Api;
  restart(): Promise<void>;
  /**
   * Create or update an account with the CLI (`npm run users -- add`) on this server's database. PGlite's data
   * directory belongs to one process, so there the server is stopped meanwhile and started again.
   */
  addUsers(users: readonly NewUser[]): Promise<void>;
  close(): Promise<void>;
}

export interface NewUser {
  name: string;
  role: 'planner' | 'leader' | 'admin';
  password: string;
}

const execFileAsync = promisify(execFile);

async function addWithCli(users: readonly NewUser[], env: Record<string, string>) {
  for (const u of users) await runCli(['users', 'add', u.name, '--role', u.role, '--password', u.password], env);
}

function runCli(args: string[], env: Record<string, string>) {
  return execFileAsync(process.execPath, [resolve('dist/apps/server/cli.js'), ...args], {
    env: { ...(process.env as Record<string, string>), LOG_LEVEL: 'error', ...env },
  });
}

/** What differs between the databases: how a server is started on it, how accounts are added, how it is removed. */
interface BackendOps {
  options: Parameters<typeof startServer>[0];
  /** PGlite admits one process at a time: the CLI may only touch it while the server is stopped. */
  cliNeedsServerStopped: boolean;
  cliEnv: Record<string, string>;
  dispose(): Promise<void>;
}

async function backendOps(backend: BackendName): Promise<BackendOps> {
  if (backend === 'postgres') {
    const scratch = await createScratchDatabase();
    return { options: { databaseUrl: scratch.url }, cliNeedsServerStopped: false, cliEnv: { DATABASE_URL: scratch.url }, dispose: scratch.drop };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'gridlens-e2e-'));
  return {
    options: { dataDir },
    cliNeedsServerStopped: true,
    cliEnv: { DATABASE_URL: '', DATA_DIR: dataDir },
    dispose: async () => rmSync(dataDir, { recursive: true, force: true }),
  };
}

export async function launch(backend: BackendName): Promise<E2eServer> {
  const ops = await backendOps(backend);
  const server = await startServer(ops.options).catch(async (error: unknown) => {
    await ops.dispose();
    throw error;
  });
  const handle: E2eServer = {
    backend,
    server,
    get url() {
      return handle.server.url;
    },
    api: new Api(() => handle.server.url),
    async restart() {
      await handle.server.stop();
      handle.server = await startServer(ops.options);
    },
    async addUsers(users) {
      if (!ops.cliNeedsServerStopped) return addWithCli(users, ops.cliEnv);
      await handle.server.stop();
      try {
        await addWithCli(users, ops.cliEnv);
      } finally {
        handle.server = await startServer(ops.options);
      }
    },
    async close() {
      await handle.server.stop();
      await ops.dispose();
    },
  };
  return handle;
}

export interface HttpResult<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** Error bodies as NestJS sends them. */
export interface ErrorBody {
  statusCode: number;
  message: string | string[];
  error?: string;
}

export function messageOf(body: unknown): string {
  const message = (body as Partial<ErrorBody> | null)?.message;
  return Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : '';
}

export class Api {
  private token: string | null = null;

  constructor(private readonly baseUrl: () => string) {}

  get url(): string {
    return this.baseUrl();
  }

  async request<T = unknown>(method: string, path: string, options: { headers?: Record<string, string>; body?: string } = {}): Promise<HttpResult<T>> {
    const response = await fetch(`${this.url}${path}`, { method, headers: options.headers, body: options.body });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      /* not JSON: keep the text */
    }
    return { status: response.status, body: body as T, text, headers: response.headers };
  }

  /** POST /api/v1/events with the test ingest key (or `key`; null = no Authorization header). */
  ingest(body: unknown, options: { key?: string | null; raw?: string; contentType?: string } = {}): Promise<HttpResult<IngestResult>> {
    const key = options.key === undefined ? TEST_INGEST_KEY : options.key;
    const headers: Record<string, string> = { 'content-type': options.contentType ?? 'application/json' };
    if (key !== null) headers.authorization = `Bearer ${key}`;
    return this.request<IngestResult>('POST', '/api/v1/events', { headers, body: options.raw ?? JSON.stringify(body) });
  }

  /** Ingest and require a 200; returns the result. */
  async ingestOk(events: unknown[]): Promise<IngestResult> {
    const result = await this.ingest({ events });
    if (result.status !== 200) throw new Error(`POST /api/v1/events: ${result.status} ${result.text}`);
    return result.body;
  }

  async login(username = 'admin', password = TEST_ADMIN_PASSWORD): Promise<string> {
    const result = await this.request<LoginResponse>('POST', '/api/v1/auth/login', {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (result.status !== 200) throw new Error(`login: ${result.status} ${result.text}`);
    return result.body.token;
  }

  /** The admin's token (logged in once). */
  async adminToken(): Promise<string> {
    this.token ??= await this.login();
    return this.token;
  }

  /** GET with the admin token (or `token`; null = none). */
  async get<T = unknown>(path: string, token?: string | null): Promise<HttpResult<T>> {
    const bearer = token === undefined ? await this.adminToken() : token;
    return this.request<T>('GET', path, { headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });
  }

  async getOk<T>(path: string): Promise<T> {
    const result = await this.get<T>(path);
    if (result.status !== 200) throw new Error(`GET ${path}: ${result.status} ${result.text}`);
    return result.body;
  }

  async categories(): Promise<Category[]> {
    return (await this.getOk<{ categories: Category[] }>('/api/v1/categories')).categories;
  }

  kpis(query: Record<string, string | undefined> = {}): Promise<KpiSnapshot> {
    return this.getOk<KpiSnapshot>(`/api/v1/kpis${qs(query)}`);
  }

  /** The head of the event log (GET /api/health). */
  async headSeq(): Promise<number> {
    return (await this.getOk<{ seq: number }>('/api/health')).seq;
  }
}

export function qs(query: Record<string, string | undefined>): string {
  const entries = Object.entries(query).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? `?${new URLSearchParams(entries).toString()}` : '';
}
