import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { DATUM, DATUM_HEADER } from '@gridlens/contracts';
import { AppModule } from './app.module';
import { INGEST_KEY_REQUIRED, bearerToken } from './auth/guards';
import { AuthService } from './services/auth.service';
import { loadConfig, type AppConfig } from './config/app-config';
import { DatabaseUnavailableFilter } from './controllers/database-unavailable.filter';
import { serveDashboard } from './dashboard';
import { startupBanner } from './startup-banner';
import { settledWithin } from './startup-wait';
import { migrate } from './db/migrator';
import { openDatabase } from './db/open-database';
import { createRedisIoAdapter } from './gateways/redis-io.adapter';
import { ClockService } from './services/clock.service';
import { DemoService } from './services/demo.service';
import { EvaluationSchemeService } from './services/evaluation-scheme.service';
import { RollupService } from './services/rollup.service';
import { SeedService } from './services/seed.service';
import { UserService } from './services/user.service';

/** Boot: config → database (migrated, seeded) → Nest app listening on PORT. */
/** How long start-up waits for a rollup rebuild before it listens anyway (a small database is built well within it). */
const ROLLUP_START_WAIT_MS = 30_000;

export async function bootstrap(config: AppConfig = loadConfig()) {
  const logger = new Logger('gridlens');
  const db = await openDatabase(config);
  logger.log(`database: ${db.kind === 'postgres' ? 'PostgreSQL (DATABASE_URL)' : `embedded PGlite in ${config.DATA_DIR}`}`);
  await migrate(db, (msg) => logger.log(msg));

  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, db), {
    bodyParser: false,
    logger: levels(config.LOG_LEVEL),
  });
  // The ingest key is checked before the body is read: a caller without a key learns nothing about its body.
  const auth = app.get(AuthService);
  app.use('/api/v1/events', (req: Request, res: Response, next: NextFunction) => {
    if (req.method !== 'POST' || auth.isIngestKey(bearerToken(req))) return next();
    res.status(401).json({ statusCode: 401, error: 'Unauthorized', message: INGEST_KEY_REQUIRED });
  });
  // Every answer states the datum of its coordinates (gridlens stores and exports WGS84 only; docs/api.md).
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader(DATUM_HEADER, DATUM);
    next();
  });
  app.useBodyParser('json', { limit: '64mb' });
  // Open311 GeoReport v2 POSTs are form-encoded (docs/open311.md); other routes check their own Content-Type.
  app.useBodyParser('urlencoded', { extended: false, limit: '1mb' });
  app.useGlobalFilters(new DatabaseUnavailableFilter());
  if (!serveDashboard(app, config.DEFAULT_LANGUAGE)) logger.warn('the dashboard is not built (dist/apps/web): `npm start` builds it; the API runs without it');
  app.enableShutdownHooks();
  app.enableCors({ origin: true });
  if (config.REDIS_URL) app.useWebSocketAdapter(await createRedisIoAdapter(app, config.REDIS_URL));

  await app.get(SeedService).seedAll();
  if (await app.get(EvaluationSchemeService).ensureDefault()) logger.log('added the default evaluation scheme');
  const admin = await app.get(UserService).ensureAdmin(config.ADMIN_PASSWORD);
  if (admin?.generated) {
    logger.warn(`created the admin account; its generated password (shown once): ${admin.password}`);
  } else if (admin) {
    logger.log('created the admin account with ADMIN_PASSWORD');
  }
  const coveredThrough = app.get(ClockService).clock.calendar.coveredThroughYear;
  if (new Date().getFullYear() + 1 > coveredThrough) {
    logger.warn(
      `the official holiday calendar is known through ${coveredThrough}; later dates count Monday-Friday as workdays ` +
        'until CALENDAR_EXTRA_HOLIDAYS / CALENDAR_EXTRA_WORKDAYS carry the published schedule (or the calendar package is updated)',
    );
  }
  if (config.INGEST_API_KEYS.length === 0) logger.warn('INGEST_API_KEYS is empty: POST /api/v1/events will refuse every request');
  // The demo decides (and seeds) before the server listens; its backfill runs while it listens.
  const demo = app.get(DemoService);
  const demoRuns = await demo.prepare();
  // Rollups are made from the cases when missing (a new database, an upgrade) or made for another city layout. A
  // large database takes minutes (25 at 10 M cases under load): after ROLLUP_START_WAIT_MS the server listens while
  // the rebuild goes on, and reads are answered exactly from the raw cases until the rollups are in place.
  const rollupsBuilt = app.get(RollupService).ensureBuilt();
  if (!(await settledWithin(rollupsBuilt, ROLLUP_START_WAIT_MS))) {
    logger.warn(`rollups: still building after ${ROLLUP_START_WAIT_MS / 1000} s; listening meanwhile (reads use the raw cases until they are in place)`);
    rollupsBuilt.catch((error: Error) => logger.error(`rollups: the rebuild failed (reads stay on the raw cases): ${error.message}`, error.stack));
  }

  await app.listen(config.PORT, config.HOST);
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.PORT;
  logger.log(`gridlens listening on http://${config.HOST}:${port}`);
  // A machine-readable line for scripts and tests that start the server on port 0.
  console.log(`GRIDLENS_LISTENING port=${port}`);
  console.log(
    startupBanner({
      host: config.HOST,
      port,
      generatedPassword: admin?.generated ? admin.password : null,
      demo: demoRuns ? 'backfilling' : 'off',
      historyDays: config.DEMO_HISTORY_DAYS,
    }),
  );
  if (demoRuns) demo.run().catch((error: Error) => logger.error(`demo stopped: ${error.message}`, error.stack));
  return app;
}

function levels(level: AppConfig['LOG_LEVEL']) {
  const all = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
  return all.slice(0, all.indexOf(level) + 1) as ('error' | 'warn' | 'log' | 'debug' | 'verbose')[];
}
