import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const TEST_INGEST_KEY = 'test-ingest-key-0123456789';
export const TEST_ADMIN_PASSWORD = 'test-admin-password';

export interface ServerProcess {
  url: string;
  port: number;
  /** Everything the server printed so far. */
  output(): string;
  /** SIGTERM, as in production: shutdown hooks run. */
  stop(): Promise<void>;
  /** SIGKILL: no shutdown hooks, no flushing; resolves when the process is gone (its data dir is kept). */
  crash(): Promise<void>;
}

/**
 * Start the built server (dist/apps/server/main.js; `npm run build` first) on a random port, or on `port` (e.g. a
 * restart where clients, such as a browser, reconnect to the same address).
 * `databaseUrl` → that PostgreSQL; otherwise an embedded PGlite in `dataDir` (a fresh temp dir by default).
 */
export async function startServer(
  options: { databaseUrl?: string | null; dataDir?: string; port?: number; env?: Record<string, string> } = {},
): Promise<ServerProcess> {
  const ownDir = !options.databaseUrl && !options.dataDir ? mkdtempSync(join(tmpdir(), 'gridlens-e2e-')) : null;
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: String(options.port ?? 0),
    HOST: '127.0.0.1',
    INGEST_API_KEYS: TEST_INGEST_KEY,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl ?? '',
    DATA_DIR: options.dataDir ?? ownDir ?? '',
    ...options.env,
  };
  const child = spawn(process.execPath, [resolve('dist/apps/server/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${output}`));
    }, 120_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GRIDLENS_LISTENING port=(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${output}`));
    });
  });
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    stop: () => signal(child, 'SIGTERM').then(() => (ownDir ? rmSync(ownDir, { recursive: true, force: true }) : undefined)),
    crash: () => signal(child, 'SIGKILL'),
  };
}

function signal(child: ChildProcess, sig: NodeJS.Signals): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      done();
    });
    child.kill(sig);
  });
}
