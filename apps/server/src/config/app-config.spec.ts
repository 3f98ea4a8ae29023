import { describe, expect, it } from 'vitest';
import { loadConfig } from './app-config';

describe('loadConfig', () => {
  it('fills the documented defaults and freezes the result', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ PORT: 3000, DATABASE_URL: null, DATA_DIR: './data', INGEST_API_KEYS: [], ADMIN_PASSWORD: null, TZ_CITY: 'Asia/Shanghai', DEMO: 'on', REDIS_URL: null });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('treats empty variables as unset and splits key lists', () => {
    const c = loadConfig({ DATABASE_URL: '', DATA_DIR: ' ', INGEST_API_KEYS: 'aaaaaaaaaaaaaaaa, bbbbbbbbbbbbbbbb' });
    expect([c.DATABASE_URL, c.DATA_DIR, c.INGEST_API_KEYS]).toEqual([null, './data', ['aaaaaaaaaaaaaaaa', 'bbbbbbbbbbbbbbbb']]);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: 'eighty', TZ_CITY: 'Mars/Olympus', DEMO: 'maybe', DATABASE_URL: 'mysql://x' })).toThrow(
      /^Invalid configuration: PORT: .*; DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL; TZ_CITY: expected an IANA time zone such as Asia\/Shanghai; DEMO: expected on or off$/,
    );
    expect(() => loadConfig({ INGEST_API_KEYS: 'short' })).toThrow('INGEST_API_KEYS: every key must be at least 16 characters');
    expect(() => loadConfig({ ADMIN_PASSWORD: 'abc' })).toThrow('ADMIN_PASSWORD: must be at least 8 characters');
  });
});

describe('WORKING_HOURS', () => {
  it('is checked at load', () => {
    expect(loadConfig({ WORKING_HOURS: '09:00-12:00,13:00-18:00' }).WORKING_HOURS).toBe('09:00-12:00,13:00-18:00');
    expect(() => loadConfig({ WORKING_HOURS: '25:00-26:00' })).toThrow(/^Invalid configuration: WORKING_HOURS: .*25:00-26:00/);
  });
});

describe('DEMO', () => {
  it('is on for the embedded database and off with DATABASE_URL unless asked for', () => {
    expect(loadConfig({}).DEMO).toBe('on');
    expect(loadConfig({ DEMO: 'off' }).DEMO).toBe('off');
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db' }).DEMO).toBe('off');
    expect(loadConfig({ DATABASE_URL: 'postgres://h/db', DEMO: 'on' }).DEMO).toBe('on');
  });

  it('is off by default for a city that brings its own regions (SEED_REGIONS=none), and refused on with it', () => {
    expect(loadConfig({}).SEED_REGIONS).toBe('changzhou');
    expect(loadConfig({ SEED_REGIONS: 'none' }).DEMO).toBe('off');
    expect(() => loadConfig({ SEED_REGIONS: 'none', DEMO: 'on' })).toThrow(/^Invalid configuration: DEMO: the demo simulates Changzhou and needs SEED_REGIONS=changzhou/);
    expect(() => loadConfig({ SEED_REGIONS: 'paris' })).toThrow(/^Invalid configuration: SEED_REGIONS: expected changzhou or none$/);
  });

  it('keeps 90 days of history unless DEMO_HISTORY_DAYS says otherwise', () => {
    expect(loadConfig({}).DEMO_HISTORY_DAYS).toBe(90);
    expect(loadConfig({ DEMO_HISTORY_DAYS: '0.5' }).DEMO_HISTORY_DAYS).toBe(0.5);
    expect(() => loadConfig({ DEMO_HISTORY_DAYS: '0' })).toThrow(/^Invalid configuration: DEMO_HISTORY_DAYS: /);
  });
});

describe('a deployment outside China (WORK_CALENDAR, CATALOGUE_FILE, DEFAULT_LANGUAGE, OPEN311_*)', () => {
  it('defaults to the Chinese calendar, the bundled catalogue, Chinese, and a closed Open311 POST', () => {
    const config = loadConfig({});
    expect(config.WORK_CALENDAR).toBe('china');
    expect(config.CATALOGUE_FILE).toBeNull();
    expect(config.DEFAULT_LANGUAGE).toBe('zh');
    expect(config.OPEN311_API_KEYS).toEqual([]);
    expect(config.OPEN311_JURISDICTION).toBeNull();
    expect(config.OPEN311_DESCRIPTIONS).toBe('on');
  });
  it('reads a New York set-up', () => {
    const config = loadConfig({
      WORK_CALENDAR: 'weekends', CATALOGUE_FILE: ' db/seed/catalogues/nyc311.json ', DEFAULT_LANGUAGE: 'en',
      OPEN311_API_KEYS: 'open311-key-0123456789, second-open311-key-0123', OPEN311_JURISDICTION: 'nyc.gov',
    });
    expect(config).toMatchObject({
      WORK_CALENDAR: 'weekends', CATALOGUE_FILE: 'db/seed/catalogues/nyc311.json', DEFAULT_LANGUAGE: 'en',
      OPEN311_API_KEYS: ['open311-key-0123456789', 'second-open311-key-0123'], OPEN311_JURISDICTION: 'nyc.gov',
    });
  });
  it('names each bad value', () => {
    expect(() => loadConfig({ WORK_CALENDAR: 'usa' })).toThrow(/WORK_CALENDAR: expected china or weekends/);
    expect(() => loadConfig({ DEFAULT_LANGUAGE: 'fr' })).toThrow(/DEFAULT_LANGUAGE: expected zh or en/);
    expect(() => loadConfig({ OPEN311_API_KEYS: 'short' })).toThrow(/OPEN311_API_KEYS: every key must be at least 16 characters/);
  });
});
