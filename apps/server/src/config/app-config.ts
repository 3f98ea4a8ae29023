import { z } from 'zod';
import { describeIssues } from '@gridlens/contracts';
import { DEFAULT_WORKING_HOURS, parseWorkingHours } from '@gridlens/work-clock';

/** Every environment variable gridlens reads (listed, with defaults, in .env.example and README.md). */
const envSchema = z.object({
  PORT: z.coerce.number({ error: 'expected a port number' }).int().min(0).max(65535).default(3000),
  HOST: z.string().default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))
    .refine((v) => v === null || /^postgres(ql)?:\/\//.test(v), { error: 'expected a postgres:// or postgresql:// URL' }),
  DATA_DIR: z.string().min(1).default('./data'),
  INGEST_API_KEYS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => k.length >= 16), { error: 'every key must be at least 16 characters' }),
  ADMIN_PASSWORD: z
    .string()
    .optional()
    .transform((v) => (v ? v : null))
    .refine((v) => v === null || v.length >= 8, { error: 'must be at least 8 characters' }),
  TZ_CITY: z
    .string()
    .default('Asia/Shanghai')
    .refine(isTimeZone, { error: 'expected an IANA time zone such as Asia/Shanghai' }),
  WORKING_HOURS: z
    .string()
    .default(DEFAULT_WORKING_HOURS)
    .superRefine((spec, ctx) => {
      try {
        parseWorkingHours(spec);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message.replace(/^WORKING_HOURS:\s*/, '') });
      }
    }),
  CALENDAR_EXTRA_HOLIDAYS: dateList(),
  CALENDAR_EXTRA_WORKDAYS: dateList(),
  // A deployment outside China (docs/configuration.md): the working calendar, the catalogue file, the UI's language.
  WORK_CALENDAR: z.enum(['china', 'weekends'], { error: 'expected china or weekends' }).default('china'),
  CATALOGUE_FILE: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
  DEFAULT_LANGUAGE: z.enum(['zh', 'en'], { error: 'expected zh or en' }).default('zh'),
  // The bundled boundaries seeded at the first start (db/seed/regions/<name>), or none: the city imports its own.
  SEED_REGIONS: z.enum(['changzhou', 'none'], { error: 'expected changzhou or none' }).default('changzhou'),
  // Open311 GeoReport v2 (docs/open311.md): keys allowed to POST requests, the jurisdiction_id answered.
  OPEN311_API_KEYS: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((k) => k.trim()).filter(Boolean))
    .refine((keys) => keys.every((k) => k.length >= 16), { error: 'every key must be at least 16 characters' }),
  OPEN311_JURISDICTION: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
  OPEN311_DESCRIPTIONS: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  // Default: on for the embedded database, off with DATABASE_URL (see loadConfig).
  DEMO: z.enum(['on', 'off'], { error: 'expected on or off' }).optional(),
  DEMO_HISTORY_DAYS: z.coerce.number({ error: 'expected a number of days' }).positive().max(366).default(90),
  REDIS_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))
    .refine((v) => v === null || /^rediss?:\/\//.test(v), { error: 'expected a redis:// or rediss:// URL' }),
  TOKEN_TTL_HOURS: z.coerce.number().positive().max(24 * 30).default(12),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose']).default('log'),
  MAP_TILE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null))
    .refine((v) => v === null || (/^https?:\/\/[^\s]+$/.test(v) && ['{z}', '{x}', '{y}'].every((p) => v.includes(p))), {
      error: 'expected an http(s) URL template containing {z}, {x} and {y}',
    }),
  MAP_TILE_ATTRIBUTION: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : null)),
  // Public rankings: any published figure resting on fewer cases than this is suppressed (docs/evaluation.md).
  PUBLIC_MIN_COUNT: z.coerce.number({ error: 'expected a whole number of cases' }).int().min(1).max(1000).default(5),
  // Alerts of the wall (docs/alerts.md): ALERTS=off stops their evaluation (the API still lists what is stored).
  ALERTS: z.enum(['on', 'off'], { error: 'expected on or off' }).default('on'),
  ALERT_RATE_ALPHA: z.coerce.number({ error: 'expected a probability' }).gt(0).lt(0.5).default(0.001),
  ALERT_RATE_MODEL: z.enum(['predictive', 'poisson'], { error: 'expected predictive or poisson' }).default('predictive'),
  ALERT_OVERDUE_WINDOW_MINUTES: z.coerce.number({ error: 'expected minutes' }).int().min(5).max(1440).default(60),
  ALERT_OVERDUE_MIN_RISE: z.coerce.number({ error: 'expected a whole number of cases' }).int().min(1).default(10),
  ALERT_OVERDUE_MIN_RATIO: z.coerce.number({ error: 'expected a ratio' }).min(0).max(10).default(0.5),
});

function dateList() {
  return z
    .string()
    .default('')
    .transform((v) => v.split(',').map((d) => d.trim()).filter(Boolean))
    .refine((dates) => dates.every((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)), { error: 'expected YYYY-MM-DD dates separated by commas' });
}

function isTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export type AppConfig = Readonly<Omit<z.infer<typeof envSchema>, 'DEMO'> & { DEMO: 'on' | 'off' }>;

/** Read and validate the environment once; throws an Error naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  // An empty variable (`DATABASE_URL=` in an env file) means "not set": its default applies.
  const present = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v.trim() !== ''));
  const result = envSchema.safeParse(present);
  if (!result.success) throw new Error(`Invalid configuration: ${describeIssues(result.error)}`);
  // The demo writes a simulated city into the database: never by default into a server named by DATABASE_URL.
  const DEMO = result.data.DEMO ?? (result.data.DATABASE_URL || result.data.SEED_REGIONS === 'none' ? 'off' : 'on');
  // The demo simulates Changzhou: it needs Changzhou's districts.
  if (DEMO === 'on' && result.data.SEED_REGIONS === 'none') {
    throw new Error('Invalid configuration: DEMO: the demo simulates Changzhou and needs SEED_REGIONS=changzhou (or set DEMO=off)');
  }
  return Object.freeze({ ...result.data, DEMO });
}

/** Nest injection token for the frozen config object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
