// `npm run bench:kpis`: bundle bench/kpi-windows.bench.ts with esbuild (the server's settings) into dist/bench/, then run it.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/kpi-windows.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/kpi-windows.bench.ts'], outfile, sourcemap: 'inline' });
await import(pathToFileURL(outfile).href);
