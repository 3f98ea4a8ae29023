import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { generateEvents } from '@gridlens/city-sim';
import { loadCatalogue, loadChangzhouDistricts } from '../../../../libs/city-sim/src/spec-helpers';
import { localEventSource, remoteEventSource, serveEventSource } from './demo-source';

const from = Date.parse('2026-11-23T00:00:00+08:00');
const liveFrom = from + 86_400_000;
const options = {
  seed: 'source',
  from,
  districts: loadChangzhouDistricts(),
  catalogue: loadCatalogue(),
  rate: { casesPerDay: 400 },
  idPrefix: 'DEMO',
  liveFrom,
  liveRateMultiplier: 10,
};

describe('demo event sources', () => {
  it('local and remote (across a message port, as with the worker thread) give the generator stream, batch by batch', async () => {
    const { port1, port2 } = new MessageChannel();
    serveEventSource(port2, options);
    const remote = remoteEventSource(port1, async () => {
      port1.close();
      port2.close();
    });
    const local = localEventSource(options);
    const until = liveFrom + 3_600_000;
    const expected = [];
    for (const e of generateEvents(options)) {
      if (Date.parse(e.at) >= until) break;
      if (Date.parse(e.at) >= from + 3_600_000) expected.push(e);
    }

    for (const source of [local, remote]) {
      await source.skipBefore(from + 3_600_000);
      const got = [];
      for (;;) {
        const batch = await source.take(until, 500);
        got.push(...batch.events);
        if (batch.events.length < 500) {
          expect(batch.nextAt).toBeGreaterThanOrEqual(until);
          break;
        }
      }
      expect(got).toEqual(expected);
      await source.close();
    }
    await expect(remote.take(until, 1)).rejects.toThrow(/closed/);
  });
});
