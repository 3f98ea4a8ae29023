// Bundle the server's entry points with esbuild: our TypeScript (apps + libs through tsconfig paths) in,
// node_modules left as imports. Type checking is `npm run typecheck` (tsc), not this.
import { build } from 'esbuild';

await build({
  entryPoints: { main: 'apps/server/src/main.ts', cli: 'apps/server/src/cli.ts' },
  outdir: 'dist/apps/server',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // node_modules stay imports, except JSON data files, which are bundled (Node 20 needs import attributes for them).
  plugins: [
    {
      name: 'external-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@gridlens/') || args.path.endsWith('.json') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
  sourcemap: true,
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
});
console.log('built dist/apps/server/{main,cli}.js');
