/**
 * Open311ClientService's paging against in-memory feeds (a fetch that answers like a GeoReport v2 server), on both
 * databases: pages by updated_after with requests sharing the second at a page boundary (none lost, none counted
 * twice), a mapping file (codes translated, unknown ones to "other" and counted, agencies to departments), a feed
 * that ignores updated_after (stops with a warning instead of looping), and the high-water mark kept per feed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { INestApplicationContext } from '@nestjs/common';
import type { Database } from '../../apps/server/src/db/database';
import { Open311ClientService } from '../../apps/server/src/services/open311-client/open311-client.service';
import { TIANNING, ZHONGLOU } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const T0 = Date.parse('2026-10-05T08:00:00+08:00');
const PAGE = 10;

interface FeedRequest {
  service_request_id: string;
  status: 'open' | 'closed';
  service_code: string;
  agency_responsible: string;
  requested_datetime: string;
  updated_datetime: string;
  lat: number;
  long: number;
}

/** 25 requests; updated at T0 + k min, except #9 to #12 which share one second (across the first page's end). */
function buildFeed(): FeedRequest[] {
  return Array.from({ length: 25 }, (_, k) => {
    const updated = k >= 9 && k <= 12 ? T0 + 9 * 60_000 : T0 + k * 60_000;
    const [long, lat] = k % 2 ? TIANNING : ZHONGLOU;
    return {
      service_request_id: `R${k}`,
      status: k % 3 === 0 ? 'closed' : 'open',
      service_code: k % 5 === 0 ? 'MYSTERY' : k % 2 ? 'PTH' : 'GRF',
      agency_responsible: k % 2 ? 'Streets' : 'Cleansing',
      requested_datetime: new Date(updated - 3600_000).toISOString(),
      updated_datetime: new Date(updated).toISOString(),
      lat,
      long,
    };
  });
}

/** A GeoReport v2 server in memory: updated_after compared to the second, oldest change first, pages of PAGE. */
function feedFetch(feed: FeedRequest[], options: { honourUpdatedAfter: boolean }, asked: string[]): typeof fetch {
  return (async (input: string | URL | Request) => {
    const url = new URL(String(input));
    asked.push(url.searchParams.get('updated_after') ?? '');
    const after = Date.parse(url.searchParams.get('updated_after') ?? '1970-01-01T00:00:00Z');
    const page = feed
      .filter((r) => !options.honourUpdatedAfter || Math.floor(Date.parse(r.updated_datetime) / 1000) * 1000 > after)
      .sort((a, b) => Date.parse(a.updated_datetime) - Date.parse(b.updated_datetime) || a.service_request_id.localeCompare(b.service_request_id))
      .slice(0, PAGE);
    return new Response(JSON.stringify(page), { status: 200, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const MAPPING = {
  source: 'fake311',
  categories: { table: { PTH: 'E0505', GRF: 'E0101' }, other: 'E0602' },
  departments: { table: { Streets: 'D01', Cleansing: 'D02' }, other: 'D13' },
};

for (const backend of testBackends()) {
  describe(`the Open311 client's paging on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let client: Open311ClientService;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      client = app.get(Open311ClientService);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('reads every request once across pages, even those sharing the second at a page boundary', async () => {
      const feed = buildFeed();
      const asked: string[] = [];
      const s = await client.pull({ url: 'http://feed.test/open311/v2', mapping: MAPPING, startedBy: 'test', fetchImpl: feedFetch(feed, { honourUpdatedAfter: true }, asked), pageSize: PAGE });
      expect(s).toMatchObject({ requestsRead: 25, requestsImported: 25, requestsRejected: 0, warning: null });
      // Pages: R0-R9 (full; R9-R12 share a second, so the next asks from a second before it), R9-R18 (R9 already
      // taken: skipped), R18-R24 (R18 skipped; short: the end).
      const iso = (ms: number) => new Date(ms).toISOString();
      expect(asked).toEqual(['1970-01-01T00:00:00Z', iso(T0 + 9 * 60_000 - 1000), iso(T0 + 18 * 60_000 - 1000)]);
      expect(s.pages).toBe(3);
      expect(s.highWaterMark).toBe(feed[24].updated_datetime);
      // Five MYSTERY codes (k = 0, 5, 10, 15, 20) went to other and are counted.
      expect(s.unmappedServiceCodes).toEqual([{ value: 'MYSTERY', rows: 5 }]);
      const rows = await db.query<{ case_id: string; category_code: string; department_code: string | null; status: string }>(
        `SELECT case_id, category_code, department_code, status FROM cases WHERE case_id LIKE 'fake311-%' ORDER BY case_id`,
      );
      expect(rows.length).toBe(25);
      for (const r of rows) {
        const k = Number(r.case_id.replace('fake311-R', ''));
        expect(r.category_code, r.case_id).toBe(k % 5 === 0 ? 'E0602' : k % 2 ? 'E0505' : 'E0101');
        expect(r.department_code, r.case_id).toBe(k % 2 ? 'D01' : 'D02');
        expect(r.status, r.case_id).toBe(k % 3 === 0 ? 'closed' : 'dispatched');
      }

      // The next pull starts at the mark and finds nothing new.
      const again: string[] = [];
      const next = await client.pull({ url: 'http://feed.test/open311/v2/requests.json', mapping: MAPPING, startedBy: 'test', fetchImpl: feedFetch(feed, { honourUpdatedAfter: true }, again), pageSize: PAGE });
      expect(again).toEqual([feed[24].updated_datetime]);
      expect(next).toMatchObject({ requestsRead: 0, eventsAdded: 0, highWaterMark: feed[24].updated_datetime });
    });

    it('stops with a warning when the feed ignores updated_after, instead of asking forever', async () => {
      const feed = buildFeed().map((r) => ({ ...r, service_request_id: `N${r.service_request_id}` }));
      const asked: string[] = [];
      const mapping = { ...MAPPING, source: 'plain311' };
      const s = await client.pull({ url: 'http://other.test/georeport/v2', mapping, startedBy: 'test', fetchImpl: feedFetch(feed, { honourUpdatedAfter: false }, asked), pageSize: PAGE });
      // The same first page every time: the second answer brings nothing newer than the mark.
      expect(asked.length).toBe(2);
      expect(s).toMatchObject({ requestsRead: 10, requestsImported: 10 });
      expect(s.warning).toMatch(/without newer updated_datetime values/);
    });

    it('rejects unknown service codes when the mapping has no "other", naming the reason', async () => {
      const feed = buildFeed().slice(0, 6).map((r) => ({ ...r, service_request_id: `U${r.service_request_id}`, service_code: r.service_code === 'MYSTERY' ? 'MYSTERY' : 'E0505' }));
      const s = await client.pull({ url: 'http://gridlens.test/open311/v2', startedBy: 'test', fetchImpl: feedFetch(feed, { honourUpdatedAfter: true }, []), pageSize: PAGE });
      // No mapping: codes are catalogue codes; MYSTERY (k = 0, 5) is not one.
      expect(s).toMatchObject({ requestsRead: 6, requestsImported: 4, requestsRejected: 2, rejectedBy: { 'unmapped-service-code': 2 } });
    });
  });
}
