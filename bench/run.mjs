// `npm run bench`: bundle bench/ingest.bench.ts with esbuild (as tools/build-server.mjs bundles the server:
// our TypeScript and the @gridlens/* libs in, node_modules left as imports) into dist/bench/, then run it.
// No TypeScript loader is needed at run time.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';

const outfile = resolve('dist/bench/ingest.bench.mjs');
await build({
  entryPoints: ['bench/ingest.bench.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
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
  sourcemap: 'inline',
  tsconfig: 'tsconfig.base.json',
  logLevel: 'warning',
});
await import(pathToFileURL(outfile).href);
