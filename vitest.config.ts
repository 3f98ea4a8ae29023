import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineConfig } from 'vitest/config';

// The same path aliases as tsconfig.base.json (@gridlens/*), so tests import libs as the apps do.
const paths: Record<string, string[]> = JSON.parse(readFileSync('tsconfig.base.json', 'utf8')).compilerOptions.paths;
const alias = Object.fromEntries(Object.entries(paths).map(([name, [target]]) => [name, resolve(target)]));

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: { name: 'pure', include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'tools/**/*.spec.ts', 'bench/**/*.spec.ts'], environment: 'node' },
      },
      {
        // Repositories against real PostGIS: embedded PGlite always, PostgreSQL too when TEST_DATABASE_URL is set.
        resolve: { alias },
        test: {
          name: 'db',
          include: ['test/db/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 120_000,
          pool: 'forks',
          isolate: false,
          fileParallelism: false,
        },
      },
      {
        // The built server on a random port, driven over HTTP and socket.io.
        resolve: { alias },
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.spec.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          pool: 'forks',
          fileParallelism: false,
        },
      },
    ],
  },
});
