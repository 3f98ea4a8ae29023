// Command-line arguments of the simulator CLI, parsed with node:util parseArgs. Every error names its flag.
import { parseArgs } from 'node:util';
import { MAX_EVENTS_PER_BATCH } from '@gridlens/contracts';

export interface CliOptions {
  /** Server base URL, without a trailing slash. */
  url: string;
  key: string;
  /** Events per second sent, on average. */
  rate: number;
  /** How long to run, in ms; null = until Ctrl-C. */
  durationMs: number | null;
  seed: string;
  /** Events per request; null = one request every tick with whatever is due. */
  batch: number | null;
}

export class UsageError extends Error {}

export const USAGE = `Usage: npm run sim -- --url http://host:port --key KEY [--rate 200] [--duration 10m] [--seed S] [--batch N]

  --url       base URL of a running gridlens server (required)
  --key       one of the server's INGEST_API_KEYS (required)
  --rate      events per second, on average (default 200)
  --duration  how long to run: 30s, 10m, 1h, or a number of seconds (default: until Ctrl-C)
  --seed      seed of the simulated city (default: a random one, printed)
  --batch     events per request, 1-${MAX_EVENTS_PER_BATCH} (default: one request every 250 ms with whatever is due)`;

/** "30s", "10m", "1h", "1h30m", "90" (seconds) → ms. */
export function parseDuration(text: string): number | null {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(t)) return null;
  const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
  let ms = 0;
  for (const [, n, , u] of t.matchAll(/(\d+(\.\d+)?)(ms|s|m|h|d)/g)) ms += Number(n) * unit[u];
  return ms;
}

/** Parse argv (without node and the script); throws UsageError naming the flag at fault. Returns null for --help. */
export function parseCliArgs(argv: string[], randomSeed: () => string = () => Date.now().toString(36)): CliOptions | null {
  let values;
  try {
    ({ values } = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        url: { type: 'string' },
        key: { type: 'string' },
        rate: { type: 'string' },
        duration: { type: 'string' },
        seed: { type: 'string' },
        batch: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (values.help) return null;

  if (!values.url) throw new UsageError('--url is required (e.g. --url http://localhost:3000)');
  let url: URL;
  try {
    url = new URL(values.url);
  } catch {
    throw new UsageError(`--url: not a URL: "${values.url}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`--url: expected http:// or https:// (got "${values.url}")`);
  if (!values.key) throw new UsageError('--key is required: one of the server\'s INGEST_API_KEYS');

  const rate = values.rate === undefined ? 200 : Number(values.rate);
  if (!Number.isFinite(rate) || rate <= 0) throw new UsageError(`--rate: expected a positive number of events per second (got "${values.rate}")`);

  let durationMs: number | null = null;
  if (values.duration !== undefined) {
    durationMs = parseDuration(values.duration);
    if (durationMs === null || durationMs <= 0) throw new UsageError(`--duration: expected e.g. 30s, 10m or 1h (got "${values.duration}")`);
  }

  let batch: number | null = null;
  if (values.batch !== undefined) {
    batch = Number(values.batch);
    if (!Number.isInteger(batch) || batch < 1 || batch > MAX_EVENTS_PER_BATCH) {
      throw new UsageError(`--batch: expected a whole number from 1 to ${MAX_EVENTS_PER_BATCH} (got "${values.batch}")`);
    }
  }
  if (values.seed === '') throw new UsageError('--seed: must not be empty');

  return { url: url.href.replace(/\/+$/, ''), key: values.key, rate, durationMs, seed: values.seed ?? randomSeed(), batch };
}
