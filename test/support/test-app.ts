import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { AppModule } from '../../apps/server/src/app.module';
import { loadConfig } from '../../apps/server/src/config/app-config';
import type { Database } from '../../apps/server/src/db/database';
import { SeedService } from '../../apps/server/src/services/seed.service';

/** The server's services wired by Nest on a test database (no HTTP), seeded like a first start. */
export async function createTestContext(db: Database, env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const config = loadConfig({ DEMO: 'off', ...env });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, db, { http: false }), { logger: ['error'] });
  await app.get(SeedService).seedAll();
  return app;
}
