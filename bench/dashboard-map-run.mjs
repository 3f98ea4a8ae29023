// `npm run bench:dashboard`: bundle bench/dashboard-map.bench.ts with esbuild (the server's settings) into dist/bench/, then run it.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/dashboard-map.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/dashboard-map.bench.ts'], outfile, sourcemap: true });
await import(pathToFileURL(outfile).href);
