import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { endpointBase } from '../services/open311-client/open311-fetch';
import { Open311ClientService, type Open311PullSummary } from '../services/open311-client/open311-client.service';
import { SeedService } from '../services/seed.service';
import { type ImportCommand, cliActor } from './import.command';

const USAGE = `open311 URL [--api-key KEY] [--jurisdiction ID] [--since ISO-INSTANT] [--mapping M.json] [--by NAME]
      URL: the GeoReport v2 endpoint base, e.g. https://city.example/open311/v2. Pulls the requests updated since the
      feed's last pull (or --since), oldest first, into cases; a repeated pull adds nothing. Mapping: docs/open311.md`;

function summary(s: Open311PullSummary): string {
  const lines = [
    `open311 pull ${s.jobId} from ${s.feed}: ${s.pages} page(s), updated after ${s.from ?? 'the beginning'}`,
    `requests read ${s.requestsRead} = imported ${s.requestsImported} + rejected ${s.requestsRejected}`,
    `events added ${s.eventsAdded}, already there ${s.eventsDuplicate}`,
    `high-water mark: ${s.highWaterMark ?? '(none yet)'}`,
  ];
  for (const [code, n] of Object.entries(s.rejectedBy).sort((a, b) => b[1] - a[1])) lines.push(`  rejected ${code}: ${n}`);
  if (s.unmappedServiceCodes.length) {
    const top = s.unmappedServiceCodes.slice(0, 5).map((v) => `"${v.value}" ${v.rows}`).join(', ');
    lines.push(`  unmapped service codes → other: ${top}${s.unmappedServiceCodes.length > 5 ? ', …' : ''}`);
  }
  if (s.warning) lines.push(`warning: ${s.warning}`);
  return lines.join('\n');
}

/** `gridlens import open311 URL ...`: one incremental pull of an Open311 GeoReport v2 feed. */
export const importOpen311Command: ImportCommand = {
  usage: USAGE,
  async run(args, { app }) {
    const { positionals, values } = parseArgs({
      args,
      allowPositionals: true,
      options: {
        'api-key': { type: 'string' },
        jurisdiction: { type: 'string' },
        since: { type: 'string' },
        mapping: { type: 'string' },
        by: { type: 'string' },
      },
    });
    const [url] = positionals;
    if (!url || positionals.length !== 1) throw new Error(`import open311: give one URL\n  import ${USAGE}`);
    endpointBase(url); // a bad URL fails here, before any work
    const mapping = values.mapping ? (JSON.parse(await readFile(values.mapping, 'utf8')) as unknown) : undefined;
    // A database the server never started on gets its first-start data (catalogue, regions) as the server would.
    await app.get(SeedService).seedAll();
    const result = await app.get(Open311ClientService).pull({
      url,
      apiKey: values['api-key'],
      jurisdiction: values.jurisdiction,
      since: values.since,
      mapping,
      startedBy: cliActor(values.by),
    });
    console.log(summary(result));
    return 0;
  },
};
