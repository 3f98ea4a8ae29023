// Bundle the simulator CLI with esbuild (settings in esbuild-node.mjs) into dist/apps/sim/cli.js.
import { build } from 'esbuild';
import { nodeBundle } from './esbuild-node.mjs';

await build({
  ...nodeBundle,
  entryPoints: { cli: 'apps/sim/src/cli/main.ts' },
  outdir: 'dist/apps/sim',
  sourcemap: true,
});
console.log('built dist/apps/sim/cli.js');
