import { describe, expect, it } from 'vitest';
import { parseExtendBy, parseIngestEvent } from './ingest';

const reported = {
  eventId: 'e1',
  caseId: 'c1',
  type: 'reported',
  at: '2026-03-01T09:30:00+08:00',
  category: 'E0505',
  lon: 119.97,
  lat: 31.78,
  source: 'public',
};

const errorOf = (raw: unknown) => {
  const r = parseIngestEvent(raw);
  return r.ok ? null : r.error;
};

describe('parseIngestEvent', () => {
  it('accepts a well-formed event of every shape', () => {
    expect(parseIngestEvent(reported).ok).toBe(true);
    expect(parseIngestEvent({ ...reported, crs: 'gcj02', description: '占道', reporterId: 'r9' }).ok).toBe(true);
    expect(parseIngestEvent({ eventId: 'e2', caseId: 'c1', type: 'dispatched', at: '2026-03-01T10:00:00Z', department: 'D01' }).ok).toBe(true);
    expect(parseIngestEvent({ eventId: 'e3', caseId: 'c1', type: 'extended', at: '2026-03-01T10:00:00Z', extendBy: 'P1DT4H' }).ok).toBe(true);
  });

  it('names the field and the problem', () => {
    expect(errorOf({ ...reported, lon: 'east' })).toBe('lon: expected a number (degrees)');
    expect(errorOf({ ...reported, lat: 91 })).toBe('lat: must be between -90 and 90');
    expect(errorOf({ ...reported, at: '2026-03-01T09:30:00' })).toMatch(/^at: expected an ISO-8601 timestamp with a UTC offset/);
    expect(errorOf({ ...reported, source: 'twitter' })).toBe('source: expected one of inspector, public, video, collector, hotline, other');
    expect(errorOf({ ...reported, crs: 'utm' })).toBe('crs: expected one of wgs84, gcj02, bd09, cgcs2000');
    expect(errorOf({ ...reported, description: 'x'.repeat(2001) })).toBe('description: is longer than 2000 characters');
    expect(errorOf({ ...reported, eventId: 'x'.repeat(129) })).toBe('eventId: is longer than 128 characters');
    expect(errorOf({ ...reported, category: undefined })).toBe('category: expected a category code (string)');
    expect(errorOf({ eventId: 'e', caseId: 'c', type: 'dispatched', at: reported.at })).toBe('department: expected a department code (string)');
    expect(errorOf({ ...reported, type: 'teleported' })).toMatch(/^type: expected one of reported, .* \(got "teleported"\)$/);
    expect(errorOf({ eventId: 'e', caseId: 'c', at: reported.at })).toMatch(/\(got missing\)$/);
    expect(errorOf(42)).toBe('event: expected a JSON object');
  });

  it('lists every bad field at once', () => {
    expect(errorOf({ ...reported, lon: null, lat: null })).toBe('lon: expected a number (degrees); lat: expected a number (degrees)');
  });
});

describe('parseExtendBy', () => {
  it('reads days, hours and minutes', () => {
    expect(parseExtendBy('P2D')).toEqual({ days: 2, hours: 0, minutes: 0 });
    expect(parseExtendBy('PT4H')).toEqual({ days: 0, hours: 4, minutes: 0 });
    expect(parseExtendBy('P1DT2H30M')).toEqual({ days: 1, hours: 2, minutes: 30 });
  });

  it('refuses empty, zero, and calendar units it cannot count in working time', () => {
    for (const bad of ['P', 'PT', 'P0D', 'P1M', 'P1Y', 'P1W', '2 days', 'PT1.5H', '']) expect(parseExtendBy(bad), bad).toBeNull();
  });
});
