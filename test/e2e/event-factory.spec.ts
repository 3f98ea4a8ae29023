/**
 * The e2e tier's data generator checked on its own (no server): deterministic, realistic, and its model of the
 * cases consistent with the events it emits.
 */
import { describe, expect, it } from 'vitest';
import { EVENT_TYPES } from '@gridlens/contracts';
import { DISTRICT_ANCHORS, generateDataset, prng, type FactoryCategory } from '../support/event-factory';
import { localMetres } from '../support/gcj02';

const CATEGORIES: FactoryCategory[] = [
  { code: 'C0101', department: 'D03' },
  { code: 'E0102', department: 'D02' },
  { code: 'E0505', department: 'D10' },
  { code: 'E0601', department: 'D01' },
];
const NOW = Date.parse('2026-11-28T12:00:00Z');

describe('event factory', () => {
  const data = generateDataset({ seed: 1, cases: 400, categories: CATEGORIES, now: NOW });

  it('is deterministic: same seed, same output; another seed, another output', () => {
    expect(generateDataset({ seed: 1, cases: 400, categories: CATEGORIES, now: NOW })).toEqual(data);
    expect(generateDataset({ seed: 2, cases: 400, categories: CATEGORIES, now: NOW }).events).not.toEqual(data.events);
    const a = prng(9);
    const b = prng(9);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it('writes times as ISO-8601 with +08:00, all in the last 3 days, strictly increasing within each case', () => {
    const last = new Map<string, number>();
    for (const e of data.events) {
      expect(e.at).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
      const t = Date.parse(e.at);
      expect(t).toBeLessThan(NOW);
      expect(t).toBeGreaterThanOrEqual(NOW - 72 * 3600_000);
      if (last.has(e.caseId)) expect(t).toBeGreaterThan(last.get(e.caseId)!);
      last.set(e.caseId, t);
    }
  });

  it('reports each case once, first, within 300 m of an anchor of its district; returns come from the department dispatched to, re-dispatches go to the category\'s', () => {
    const seen = new Set<string>();
    const dispatchedTo = new Map<string, string>();
    const returned = new Set<string>();
    const departmentOf = new Map(data.cases.map((c) => [c.caseId, c.department]));
    for (const e of data.events) {
      if (e.type === 'reported') {
        expect(seen.has(e.caseId)).toBe(false);
        seen.add(e.caseId);
      } else expect(seen.has(e.caseId)).toBe(true);
      if (e.type === 'returned') {
        expect(e.department).toBe(dispatchedTo.get(e.caseId));
        returned.add(e.caseId);
      }
      if (e.type === 'rework') expect(e.department).toBe(dispatchedTo.get(e.caseId));
      if (e.type === 'dispatched') {
        if (returned.has(e.caseId)) expect(e.department).toBe(departmentOf.get(e.caseId));
        dispatchedTo.set(e.caseId, e.department);
      }
    }
    for (const c of data.cases) {
      const nearest = Math.min(...DISTRICT_ANCHORS[c.district].map((a) => localMetres([c.lon, c.lat], a)));
      expect(nearest).toBeLessThan(300);
    }
  });

  it('covers every event type, every district, open and finished cases', () => {
    for (const type of EVENT_TYPES) expect(data.counts.byType[type] ?? 0, type).toBeGreaterThan(0);
    expect(Object.keys(data.counts.byDistrict).sort()).toEqual(Object.keys(DISTRICT_ANCHORS).sort());
    expect(data.counts.byStatus.closed).toBeGreaterThan(0);
    expect(data.counts.byStatus.voided).toBeGreaterThan(0);
    expect(data.cases.length - data.counts.byStatus.closed - data.counts.byStatus.voided).toBeGreaterThan(0);
    expect(Object.values(data.counts.byStatus).reduce((a, b) => a + b, 0)).toBe(data.cases.length);
  });

  it('keeps its model consistent with its events: final status = status after the case\'s last event', () => {
    const lastStatus = new Map<string, string>();
    data.events.forEach((e, i) => lastStatus.set(e.caseId, data.statusAfter[i]));
    for (const c of data.cases) {
      expect(lastStatus.get(c.caseId)).toBe(c.status);
      expect(c.closedAt !== null).toBe(c.status === 'closed');
      expect(c.voidedAt !== null).toBe(c.status === 'voided');
    }
  });
});
