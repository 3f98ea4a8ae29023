// The rollup benchmark's empty city: a scratch database migrated and seeded by the built server, then the demo
// city's synthetic streets, communities and unit grids seeded by the server's own SeedService (bundled into the bench).
import { PostgresDatabase } from '../../apps/server/src/db/postgres-database';
import { SeedService } from '../../apps/server/src/services/seed.service';
import { startServer } from '../../test/support/server-process';
import { createTestContext } from '../../test/support/test-app';

export interface SetupTimes {
  serverStartMs: number;
  syntheticRegionsMs: number;
}

/**
 * 1. The built server (dist/apps/server/main.js, DEMO=off) starts once on `url`: its start applies the migrations and
 *    seeds the catalogue and the city's real districts, exactly as in production. It is stopped again.
 * 2. The synthetic regions: there is no CLI command or endpoint for them (only the demo mode seeds them, and the demo
 *    would then start making cases). The bench is bundled from the server's sources (as bench:map is), so it calls
 *    the same SeedService.seedSyntheticRegions('changzhou') the demo calls, on a Nest context over the same database.
 */
export async function setUpCity(url: string, log: (msg: string) => void): Promise<SetupTimes> {
  let t0 = performance.now();
  const server = await startServer({ databaseUrl: url });
  await server.stop();
  const serverStartMs = performance.now() - t0;
  log(`built server started and stopped on the scratch database (migrations, catalogue, districts) in ${(serverStartMs / 1000).toFixed(1)} s`);

  t0 = performance.now();
  const db = new PostgresDatabase(url, { poolSize: 2 });
  try {
    const app = await createTestContext(db);
    try {
      await app.get(SeedService).seedSyntheticRegions('changzhou');
    } finally {
      await app.close();
    }
  } finally {
    await db.close();
  }
  const syntheticRegionsMs = performance.now() - t0;
  log(`synthetic streets, communities and unit grids seeded (SeedService.seedSyntheticRegions) in ${(syntheticRegionsMs / 1000).toFixed(1)} s`);
  return { serverStartMs, syntheticRegionsMs };
}
