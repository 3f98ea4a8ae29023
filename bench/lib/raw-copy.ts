import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import type { Dataset } from './dataset';

export interface CopyResult {
  rows: number;
  chunks: number;
  wallMs: number;
  rowsPerSecond: number;
  chunkMs: number[];
  /** Time the client spent making the rows' text (inside wallMs). */
  clientBuildMs: number;
}

/**
 * The baseline: the same event rows COPYed into a bare table whose only index is a GiST on the point,
 * one COPY statement (and so one transaction) per batch-sized chunk, one after another on one connection.
 */
export interface CopyHooks {
  onChunk?: (done: number) => void;
  /** Called right before the first COPY and right after the last (while the connection is still open). */
  onStart?: () => void;
  onEnd?: () => void;
}

export async function rawCopy(databaseUrl: string, data: Dataset, hooks: CopyHooks = {}): Promise<CopyResult> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`DROP TABLE IF EXISTS bench_raw`);
    // No autovacuum on the baseline table, so it does not steal CPU from the ingest phase that follows.
    await client.query(
      `CREATE TABLE bench_raw (
         event_id text NOT NULL,
         case_id  text NOT NULL,
         type     text NOT NULL,
         at       timestamptz NOT NULL,
         category text NOT NULL,
         lon      double precision NOT NULL,
         lat      double precision NOT NULL,
         geom     geometry(Point, 4326) NOT NULL
       ) WITH (autovacuum_enabled = false)`,
    );
    await client.query(`CREATE INDEX bench_raw_geom_gix ON bench_raw USING gist (geom)`);
    await client.query(`CHECKPOINT`);

    const chunkMs: number[] = [];
    let clientBuildMs = 0;
    let rows = 0;
    hooks.onStart?.();
    const started = performance.now();
    for (let b = 0; b < data.batchCount; b++) {
      const t0 = performance.now();
      const events = data.batch(b);
      const text = data.copyRows(events);
      clientBuildMs += performance.now() - t0;
      const stream = client.query(copyFrom(`COPY bench_raw (event_id, case_id, type, at, category, lon, lat, geom) FROM STDIN`));
      await pipeline(Readable.from([text]), stream);
      rows += Number(stream.rowCount ?? events.length);
      chunkMs.push(performance.now() - t0);
      hooks.onChunk?.(rows);
    }
    const wallMs = performance.now() - started;
    hooks.onEnd?.();

    const [{ n }] = (await client.query<{ n: string }>(`SELECT count(*) AS n FROM bench_raw`)).rows;
    if (Number(n) !== data.events) throw new Error(`raw COPY: bench_raw holds ${n} rows, expected ${data.events}`);
    return { rows, chunks: chunkMs.length, wallMs, rowsPerSecond: (rows / wallMs) * 1000, chunkMs, clientBuildMs };
  } finally {
    await client.end();
  }
}
