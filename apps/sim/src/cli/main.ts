// Entry point of the simulator CLI (dist/apps/sim/cli.js; `npm run sim -- --help`).
import { USAGE, UsageError, parseCliArgs } from './args';
import { runSimulation } from './run';
import { FatalError } from './server-api';

async function main(): Promise<number> {
  let options;
  try {
    options = parseCliArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`sim: ${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (!options) {
    console.log(USAGE);
    return 0;
  }
  const stop = new AbortController();
  process.on('SIGINT', () => {
    if (stop.signal.aborted) process.exit(130); // a second Ctrl-C: leave at once
    console.log('stopping (Ctrl-C again to quit at once)…');
    stop.abort();
  });
  process.on('SIGTERM', () => stop.abort());
  try {
    await runSimulation(options, { log: (line) => console.log(line), signal: stop.signal });
    return 0;
  } catch (error) {
    if (error instanceof FatalError) {
      console.error(`sim: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('sim: unexpected error:', error);
    process.exitCode = 1;
  },
);
