/**
 * Hand-made cases for the public ranking tests: October 2026 (a past month), each case with values that must never
 * reach the public — its id, a distinctive description, a reporter id and an exact WGS84 point (6 decimals) — so
 * a test can search every public answer for them.
 *
 * October 2026 (Asia/Shanghai): 天宁区 (320402) 8 × E0505 on time + 2 × C0101 on time (a category under 5: merged
 * into "other"); 钟楼区 (320404) 7 × E0505, 4 on time and 3 closed the next morning (late); 新北区 (320411) 2 on
 * time: fewer than PUBLIC_MIN_COUNT (5), so suppressed. `lateNewbeiCases` adds 4 more there (for a correction).
 */
import { DISTRICT_ANCHORS, isoCst, jitter } from './event-factory';
import { mulberry32 } from './prng';

const MIN = 60_000;
const cst = (iso: string) => Date.parse(`${iso}+08:00`);

export interface SecretCase {
  caseId: string;
  description: string;
  reporterId: string;
  lon: number;
  lat: number;
}

export interface PublicCaseSet {
  events: Record<string, unknown>[];
  cases: SecretCase[];
}

interface Spec {
  district: string;
  category: string;
  department: string;
  /** Working day in October 2026, YYYY-MM-DD. */
  day: string;
  late: boolean;
  source: 'inspector' | 'public';
}

function build(prefix: string, specs: Spec[], seed: number): PublicCaseSet {
  const rand = mulberry32(seed);
  const events: Record<string, unknown>[] = [];
  const cases: SecretCase[] = [];
  specs.forEach((s, i) => {
    const caseId = `${prefix}-${String(i).padStart(3, '0')}`;
    const [lon, lat] = jitter(rand, DISTRICT_ANCHORS[s.district][i % 3], 300);
    const secret: SecretCase = {
      caseId,
      description: `秘密描述 ${caseId}: 人民路${100 + i}号门前 ${Math.floor(rand() * 1e9)}`,
      reporterId: s.source === 'inspector' ? `insp-王${i}-${Math.floor(rand() * 1e9)}` : `citizen-138${Math.floor(rand() * 1e8)}`,
      lon,
      lat,
    };
    cases.push(secret);
    const t = cst(`${s.day}T09:00:00`) + i * MIN;
    const ev = (n: number, type: string, at: number, extra: Record<string, unknown> = {}) =>
      events.push({ eventId: `${caseId}-e${n}`, caseId, type, at: isoCst(at), ...extra });
    ev(0, 'reported', t, { category: s.category, lon, lat, source: s.source, description: secret.description, reporterId: secret.reporterId });
    ev(1, 'registered', t + 10 * MIN);
    ev(2, 'dispatched', t + 20 * MIN, { department: s.department });
    // On time: closed within the hour. Late: handled, checked and closed the next working morning.
    const handled = s.late ? cst(`${nextDay(s.day)}T08:40:00`) + i * MIN : t + 40 * MIN;
    ev(3, 'handled', handled);
    ev(4, 'checked', handled + 10 * MIN);
    ev(5, 'closed', handled + 20 * MIN);
  });
  return { events, cases };
}

const nextDay = (day: string) => new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

const DAYS = ['2026-10-19', '2026-10-20', '2026-10-21', '2026-10-22', '2026-10-26', '2026-10-27', '2026-10-28', '2026-10-29'];
const parking = (district: string, n: number, late: (i: number) => boolean, source: (i: number) => Spec['source']): Spec[] =>
  Array.from({ length: n }, (_, i) => ({ district, category: 'E0505', department: 'D10', day: DAYS[i % DAYS.length], late: late(i), source: source(i) }));

/** The October data set (see the file's comment). */
export function octoberCases(prefix = 'PUBCASE'): PublicCaseSet {
  return build(
    prefix,
    [
      ...parking('320402', 8, () => false, (i) => (i % 4 === 3 ? 'public' : 'inspector')),
      { district: '320402', category: 'C0101', department: 'D03', day: '2026-10-20', late: false, source: 'inspector' },
      { district: '320402', category: 'C0101', department: 'D03', day: '2026-10-27', late: false, source: 'public' },
      ...parking('320404', 7, (i) => i >= 4, () => 'inspector'),
      ...parking('320411', 2, () => false, () => 'inspector'),
    ],
    20261031,
  );
}

/** Four more October cases in 新北区, ingested after the first publication: a correction makes it rankable. */
export function lateNewbeiCases(prefix = 'PUBLATE'): PublicCaseSet {
  return build(prefix, parking('320411', 4, () => false, () => 'inspector'), 20261101);
}

/** Every string of a case that no public answer may contain (coordinates as written, 6 decimals). */
export function secretsOf(cases: SecretCase[]): string[] {
  return cases.flatMap((c) => [c.caseId, c.description, c.reporterId, String(c.lon), String(c.lat)]);
}
