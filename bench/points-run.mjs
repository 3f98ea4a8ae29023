// `npm run bench:points`: bundle bench/points-1m.bench.ts with esbuild (the server's settings) into dist/bench/, then run it.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/points-1m.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/points-1m.bench.ts'], outfile, sourcemap: 'inline' });
await import(pathToFileURL(outfile).href);
