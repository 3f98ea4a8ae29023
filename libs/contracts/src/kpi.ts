import { z } from 'zod';

/** Wall-clock duration statistics over the cases whose later stage falls in the window (seconds). */
export interface DurationStats {
  count: number;
  meanSeconds: number | null;
  p50Seconds: number | null;
  p90Seconds: number | null;
}

export interface Rate {
  numerator: number;
  denominator: number;
  /** numerator / denominator, or null when the denominator is 0. */
  value: number | null;
}

/** `GET /api/v1/kpis` and the `kpis` socket frame: the same figures at the same `seq`. */
export interface KpiSnapshot {
  /** Every event with seq ≤ this is counted; none after. */
  seq: number;
  /** The instant "now" used for open / overdue / due. */
  asOf: string;
  scope: { region: string | null; categories: string[]; from: string; to: string };
  counts: {
    reported: number;
    registered: number;
    closed: number;
    closedOnTime: number;
    voided: number;
    /** Open now (not closed, not voided), in scope, whatever the window. */
    open: number;
    /** Open now and past their deadline (suspended cases only if overdue when suspended). */
    overdue: number;
    /** 应结案数: see docs/api.md. */
    due: number;
  };
  /** 结案率 and 按期结案率 over the due cohort. */
  rates: { closure: Rate; onTimeClosure: Rate };
  durations: {
    reportToRegister: DurationStats;
    registerToDispatch: DurationStats;
    dispatchToHandled: DurationStats;
    reportToClose: DurationStats;
  };
}

/** An instant with its UTC offset, as every query parameter `from`/`to` takes it. */
const isoInstant = z.iso.datetime({ offset: true, error: 'expected an ISO-8601 timestamp with offset' });

/** `a,b,c` → ['a','b','c']; an empty value means no filter (undefined). */
const codeList = z
  .string()
  .transform((s) => s.split(',').map((c) => c.trim()).filter(Boolean))
  .pipe(z.array(z.string().max(64)).max(200))
  .transform((list) => (list.length ? list : undefined));

export const kpiQuerySchema = z
  .object({
    region: z.string().min(1).max(64).optional(),
    categories: codeList.optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .refine((q) => !q.from || !q.to || Date.parse(q.from) < Date.parse(q.to), { error: 'from must be before to', path: ['from'] });
export type KpiQuery = z.infer<typeof kpiQuerySchema>;

export { codeList, isoInstant };
