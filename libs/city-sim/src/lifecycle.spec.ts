import type { CaseSource, IngestEvent } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { Categories } from './catalogue';
import { defaultClock } from './generator';
import { DEFAULT_LIFECYCLE_RATES, type LifecycleStep, planLifecycle } from './lifecycle';
import { Rng } from './rng';
import { checkStream, loadCatalogue } from './spec-helpers';

const catalogue = loadCatalogue();
const categories = new Categories(catalogue);
const clock = defaultClock();
const square = [{ code: '320402', geometry: { type: 'Polygon' as const, coordinates: [[[119, 31], [121, 31], [121, 33], [119, 33], [119, 31]]] } }];
const SOURCES: CaseSource[] = ['inspector', 'public', 'hotline', 'video', 'collector', 'other'];

function toEvents(caseId: string, reportedAt: number, source: CaseSource, code: string, steps: LifecycleStep[]): IngestEvent[] {
  const at = (t: number) => new Date(t).toISOString();
  const events: IngestEvent[] = [{ eventId: `${caseId}-0`, caseId, type: 'reported', at: at(reportedAt), category: code, lon: 120, lat: 32, source }];
  steps.forEach((s, i) => events.push({ ...s, eventId: `${caseId}-${i + 1}`, caseId, at: at(s.at) } as IngestEvent));
  return events;
}

describe('planLifecycle', () => {
  const rng = new Rng('lifecycle');
  const start = Date.parse('2026-03-02T00:00:00+08:00');
  const plans = Array.from({ length: 4000 }, (_, i) => {
    const source = SOURCES[i % SOURCES.length];
    const category = categories.all[i % categories.all.length];
    const reportedAt = start + rng.int(14 * 86_400) * 1000;
    const steps = planLifecycle({
      reportedAt,
      source,
      category,
      departmentPace: 0.4,
      departments: categories.departments,
      clock,
      rates: DEFAULT_LIFECYCLE_RATES,
      rng: rng.fork(String(i)),
    });
    return { caseId: `L${i}`, reportedAt, source, category, steps };
  });

  it('plans only lifecycles the workflow accepts, strictly ordered, in whole seconds', () => {
    const events = plans
      .flatMap((p) => toEvents(p.caseId, p.reportedAt, p.source, p.category.code, p.steps))
      .sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
    const { errors, cases } = checkStream(events, square, catalogue, clock, start + 10_000 * 86_400_000);
    expect(errors).toEqual([]);
    expect(cases.size).toBe(plans.length);
    for (const p of plans) for (const s of p.steps) expect(s.at % 1000).toBe(0);
    // Every planned case ends closed or voided.
    for (const state of cases.values()) expect(['closed', 'voided']).toContain(state.status);
  });

  it('has every side flow, at sensible rates', () => {
    const has = (type: string) => plans.filter((p) => p.steps.some((s) => s.type === type)).length / plans.length;
    expect(has('returned')).toBeGreaterThan(0.02);
    expect(has('returned')).toBeLessThan(0.08);
    expect(has('rework')).toBeGreaterThan(0.03);
    expect(has('rework')).toBeLessThan(0.1);
    expect(has('suspended')).toBeGreaterThan(0.01);
    expect(has('suspended')).toBeLessThan(0.06);
    expect(has('extended')).toBeGreaterThan(0.01);
    expect(has('voided')).toBeGreaterThan(0.03);
    expect(has('voided')).toBeLessThan(0.1);
    const selfHandled = plans.filter((p) => p.steps.length === 2 && p.steps[1].type === 'closed');
    expect(selfHandled.length).toBeGreaterThan(0);
    expect(selfHandled.every((p) => p.source === 'inspector')).toBe(true);
  });

  it('lets public reports be verified first and inspector reports be registered directly', () => {
    for (const p of plans) {
      if (p.source === 'inspector') expect(p.steps[0].type).toBe('registered');
      else expect(['verified', 'voided']).toContain(p.steps[0].type);
    }
  });
});
