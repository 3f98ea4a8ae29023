// `npm run bench:wall`: bundle bench/wall-latency.bench.ts with esbuild (the server's settings) into dist/bench/, then
// run it. Needs the built server, web app and simulator (`npm run build`; the npm script does it first).
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/wall-latency.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/wall-latency.bench.ts'], outfile, sourcemap: true });
await import(pathToFileURL(outfile).href);
