// `npm run bench`: bundle bench/ingest.bench.ts with esbuild (the same settings as the server's bundle) into
// dist/bench/, then run it. No TypeScript loader is needed at run time.
import { build } from 'esbuild';
import { pathToFileURL } from 'node:url';
import { resolve } from 'node:path';
import { nodeBundle } from '../tools/esbuild-node.mjs';

const outfile = resolve('dist/bench/ingest.bench.mjs');
await build({ ...nodeBundle, entryPoints: ['bench/ingest.bench.ts'], outfile, sourcemap: 'inline' });
await import(pathToFileURL(outfile).href);
