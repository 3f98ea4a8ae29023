/** The classes of the emerging hot spot analysis that raise an alert when a cell enters them. */
export const ALERTING_EMERGING = ['new', 'intensifying'] as const;
export type AlertingEmerging = (typeof ALERTING_EMERGING)[number];

export interface EmergingEntry {
  cell: string;
  classification: AlertingEmerging;
  /** Its class in the previous run (null: none recorded). */
  previous: string | null;
}

const alerting = (kind: string | null | undefined): kind is AlertingEmerging => kind === 'new' || kind === 'intensifying';

/**
 * Rule 4: cells classified `new` or `intensifying` now that were not so in the previous run (a cell going from
 * `new` to `intensifying` is the same condition going on: no new alert), and the cells that left those classes
 * (their alerts end). `previous`: the cells alerting after the previous run (null class when unknown).
 */
export function emergingChanges(
  previous: ReadonlyMap<string, string | null>,
  current: ReadonlyMap<string, string>,
): { entered: EmergingEntry[]; stayed: EmergingEntry[]; left: string[] } {
  const entered: EmergingEntry[] = [];
  const stayed: EmergingEntry[] = [];
  for (const [cell, kind] of current) {
    if (!alerting(kind)) continue;
    const before = previous.get(cell);
    const entry = { cell, classification: kind, previous: before ?? null };
    if (previous.has(cell) && (before === null || alerting(before))) stayed.push(entry);
    else entered.push(entry);
  }
  const left = [...previous.keys()].filter((cell) => !alerting(current.get(cell)));
  return { entered, stayed, left };
}
