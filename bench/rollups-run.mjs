// `npm run bench:rollups`: bundle bench/rollups.bench.ts with esbuild (the server's settings) into dist/bench/, then run it.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/rollups.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/rollups.bench.ts'], outfile, sourcemap: 'inline' });
await import(pathToFileURL(outfile).href);
