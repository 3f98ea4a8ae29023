import { describe, expect, it } from 'vitest';
import { KPI_EVENT_WINDOW_SHARE, KPI_REPORTS_WINDOW_SHARE, kpiWindowPlan } from './kpi-window-plan';

const DAY = 86_400_000;

describe('kpiWindowPlan', () => {
  it('reads a short window from the log, a longer one by the reported_at index, a long one by the scan', () => {
    const history = 730 * DAY;
    expect(kpiWindowPlan(DAY, history)).toBe('events');
    expect(kpiWindowPlan(history * KPI_EVENT_WINDOW_SHARE, history)).toBe('events');
    expect(kpiWindowPlan(history * KPI_EVENT_WINDOW_SHARE + 1, history)).toBe('reports');
    expect(kpiWindowPlan(30 * DAY, history)).toBe('reports');
    expect(kpiWindowPlan(history * KPI_REPORTS_WINDOW_SHARE, history)).toBe('reports');
    expect(kpiWindowPlan(history * KPI_REPORTS_WINDOW_SHARE + 1, history)).toBe('scan');
    expect(kpiWindowPlan(history, history)).toBe('scan');
  });

  it('scans when there is no history yet', () => {
    expect(kpiWindowPlan(DAY, 0)).toBe('scan');
  });
});
