// Bundle the server's entry points with esbuild (settings in esbuild-node.mjs). Type checking is
// `npm run typecheck` (tsc), not this.
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';

await build({
  ...nodeBundle,
  entryPoints: { main: 'apps/server/src/main.ts', cli: 'apps/server/src/cli.ts' },
  outdir: 'dist/apps/server',
  sourcemap: true,
});
console.log('built dist/apps/server/{main,cli}.js');
