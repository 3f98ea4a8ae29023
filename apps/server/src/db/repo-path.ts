import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let root: string | null = null;

/** The repository root (where db/ lives), found from this file whether bundled in dist/ or run from source. */
export function repoPath(...parts: string[]): string {
  if (!root) {
    let dir = dirname(fileURLToPath(import.meta.url));
    while (!existsSync(join(dir, 'db', 'migrations'))) {
      const up = dirname(dir);
      if (up === dir) throw new Error('cannot find the gridlens root (a folder with db/migrations)');
      dir = up;
    }
    root = dir;
  }
  return join(root, ...parts);
}
