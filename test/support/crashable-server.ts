/**
 * The built server as a child process that a test can crash (SIGKILL) — unlike server-process.ts, whose stop() is a
 * graceful SIGTERM. Same environment and readiness signal (GRIDLENS_LISTENING) as startServer.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { TEST_ADMIN_PASSWORD, TEST_INGEST_KEY } from './server-process';

export interface CrashableServer {
  url: string;
  output(): string;
  /** SIGKILL: no shutdown hooks, no flushing; resolves when the process is gone. */
  crash(): Promise<void>;
  /** SIGTERM, as in production. */
  stop(): Promise<void>;
}

export async function startCrashableServer(options: { databaseUrl?: string | null; dataDir?: string }): Promise<CrashableServer> {
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    PORT: '0',
    HOST: '127.0.0.1',
    INGEST_API_KEYS: TEST_INGEST_KEY,
    ADMIN_PASSWORD: TEST_ADMIN_PASSWORD,
    DEMO: 'off',
    LOG_LEVEL: 'warn',
    DATABASE_URL: options.databaseUrl ?? '',
    DATA_DIR: options.dataDir ?? '',
  };
  const child = spawn(process.execPath, [resolve('dist/apps/server/main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const port = await new Promise<number>((resolvePort, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server did not start within 120 s:\n${output}`));
    }, 120_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /GRIDLENS_LISTENING port=(\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolvePort(Number(match[1]));
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code} before listening:\n${output}`));
    });
  });
  return {
    url: `http://127.0.0.1:${port}`,
    output: () => output,
    crash: () => signal(child, 'SIGKILL'),
    stop: () => signal(child, 'SIGTERM'),
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
