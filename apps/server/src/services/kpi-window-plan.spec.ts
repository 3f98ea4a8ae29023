import { describe, expect, it } from 'vitest';
import { KPI_REPORTS_WINDOW_SHARE, kpiWindowPlan } from './kpi-window-plan';

const DAY = 86_400_000;

describe('kpiWindowPlan', () => {
  it('reads a window up to its share of the history from its events, a longer one by the scan', () => {
    const history = 730 * DAY;
    expect(kpiWindowPlan(DAY, history)).toBe('reports');
    expect(kpiWindowPlan(30 * DAY, history)).toBe('reports');
    expect(kpiWindowPlan(history * KPI_REPORTS_WINDOW_SHARE, history)).toBe('reports');
    expect(kpiWindowPlan(history * KPI_REPORTS_WINDOW_SHARE + 1, history)).toBe('scan');
    expect(kpiWindowPlan(history, history)).toBe('scan');
  });

  it('scans when there is no history yet', () => {
    expect(kpiWindowPlan(DAY, 0)).toBe('scan');
  });
});
