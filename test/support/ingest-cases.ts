/**
 * The hand-made mixed batch of the ingest contract test: every kind of bad input next to good events that set up
 * the cases' state, each with what the contract says must happen to it. Built for a given "now" (epoch ms),
 * because events more than 5 minutes in the future are refused.
 */
import { DISTRICT_ANCHORS, isoCst } from './event-factory';
import { gcj02ToBd09, wgs84ToGcj02 } from './gcj02';

export type RawEvent = Record<string, unknown> | number | string | null;

/** One event of a hand-made batch and what must happen to it. */
export interface Entry {
  event: RawEvent;
  /** 'accepted', or the rejection: a pattern the error must match (naming the field at fault). */
  expect: 'accepted' | { error: RegExp };
  /** What the entry exercises. */
  kind: string;
}

export const TIANNING = DISTRICT_ANCHORS['320402'][5]; // [119.9963, 31.7777], well inside 天宁区
export const ZHONGLOU = DISTRICT_ANCHORS['320404'][0];

export const reported = (caseId: string, eventId: string, at: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId,
  caseId,
  type: 'reported',
  at: isoCst(at),
  category: 'E0505',
  lon: TIANNING[0],
  lat: TIANNING[1],
  source: 'inspector',
  ...extra,
});

export const plain = (caseId: string, eventId: string, type: string, at: number, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  eventId,
  caseId,
  type,
  at: isoCst(at),
  ...extra,
});

export const gcjOfTianning = wgs84ToGcj02(TIANNING[0], TIANNING[1]);
export const bdOfZhonglou = gcj02ToBd09(...wgs84ToGcj02(ZHONGLOU[0], ZHONGLOU[1]));

/** The batch; t0 = now - 2 h is when its cases start. */
export function mixedBatch(now: number): Entry[] {
  const t0 = now - 2 * 3600_000;
  const min = 60_000;
  const long = (n: number, c = 'x') => c.repeat(n);
  const exactly128 = `MX-K7-${long(128 - 'MX-K7-'.length, 'y')}`;

  return [
    { kind: 'valid reported (K1)', event: reported('MX-K1', 'MX-K1-e0', t0), expect: 'accepted' },
    { kind: 'valid registered (K1)', event: plain('MX-K1', 'MX-K1-e1', 'registered', t0 + 1 * min), expect: 'accepted' },
    { kind: 'valid reported (K2)', event: reported('MX-K2', 'MX-K2-e0', t0, { category: 'C0101', source: 'public' }), expect: 'accepted' },
    { kind: 'valid voided (K2)', event: plain('MX-K2', 'MX-K2-e1', 'voided', t0 + 1 * min), expect: 'accepted' },
    // Malformed or missing fields.
    { kind: 'missing field: source', event: (({ source: _s, ...e }) => e)(reported('MX-K3', 'MX-K3-e0', t0)), expect: { error: /source/ } },
    { kind: 'missing field: caseId', event: (({ caseId: _c, ...e }) => e)(reported('MX-K3', 'MX-K3-e1', t0)), expect: { error: /caseId/ } },
    { kind: 'missing field: at', event: (({ at: _a, ...e }) => e)(reported('MX-K3', 'MX-K3-e2', t0)), expect: { error: /\bat\b/ } },
    { kind: 'missing field: department on dispatched', event: plain('MX-K1', 'MX-K1-x0', 'dispatched', t0 + 2 * min), expect: { error: /department/ } },
    { kind: 'missing field: extendBy on extended', event: plain('MX-K1', 'MX-K1-x1', 'extended', t0 + 2 * min), expect: { error: /extendBy/ } },
    { kind: 'wrong type: lon as a string', event: reported('MX-K4', 'MX-K4-e0', t0, { lon: String(TIANNING[0]) }), expect: { error: /lon/ } },
    { kind: 'wrong type: at as a number', event: reported('MX-K4', 'MX-K4-e1', t0, { at: t0 }), expect: { error: /\bat\b/ } },
    { kind: 'wrong type: caseId as a number', event: reported('MX-K4', 'MX-K4-e2', t0, { caseId: 4 }), expect: { error: /caseId/ } },
    { kind: 'unknown type', event: plain('MX-K1', 'MX-K1-x2', 'teleported', t0 + 2 * min), expect: { error: /type/ } },
    { kind: 'unknown source', event: reported('MX-K4', 'MX-K4-e3', t0, { source: 'twitter' }), expect: { error: /source/ } },
    { kind: 'unknown crs', event: reported('MX-K4', 'MX-K4-e4', t0, { crs: 'epsg3857' }), expect: { error: /crs/ } },
    { kind: 'unknown category', event: reported('MX-K4', 'MX-K4-e5', t0, { category: 'Z9999' }), expect: { error: /category/ } },
    { kind: 'major-level category', event: reported('MX-K4', 'MX-K4-e6', t0, { category: 'E05' }), expect: { error: /category/ } },
    { kind: 'family-level category', event: reported('MX-K4', 'MX-K4-e7', t0, { category: 'E' }), expect: { error: /category/ } },
    { kind: 'unknown department', event: plain('MX-K1', 'MX-K1-x3', 'dispatched', t0 + 2 * min, { department: 'D99' }), expect: { error: /department/ } },
    { kind: 'coordinates outside every region', event: reported('MX-K4', 'MX-K4-e8', t0, { lon: 10, lat: 10 }), expect: { error: /lon|lat/ } },
    { kind: 'lon out of range', event: reported('MX-K4', 'MX-K4-e9', t0, { lon: 200 }), expect: { error: /lon/ } },
    { kind: 'lat out of range', event: reported('MX-K4', 'MX-K4-e10', t0, { lat: -91 }), expect: { error: /lat/ } },
    { kind: 'description longer than 2000', event: reported('MX-K4', 'MX-K4-e11', t0, { description: long(2001) }), expect: { error: /description/ } },
    { kind: 'eventId longer than 128', event: reported('MX-K4', `MX-K4-${long(129 - 'MX-K4-'.length)}`, t0), expect: { error: /eventId/ } },
    { kind: 'caseId longer than 64', event: reported(`MX-${long(62)}`, 'MX-K4-e12', t0), expect: { error: /caseId/ } },
    { kind: 'at without an offset', event: reported('MX-K4', 'MX-K4-e13', t0, { at: isoCst(t0).slice(0, 19) }), expect: { error: /\bat\b/ } },
    { kind: 'at that is not a date', event: reported('MX-K4', 'MX-K4-e14', t0, { at: 'yesterday' }), expect: { error: /\bat\b/ } },
    { kind: 'at more than 5 minutes in the future', event: reported('MX-K4', 'MX-K4-e15', now + 10 * min), expect: { error: /\bat\b.*future|future.*\bat\b/ } },
    { kind: 'at before the case\'s previous event', event: plain('MX-K1', 'MX-K1-x4', 'dispatched', t0 - 10 * min, { department: 'D10' }), expect: { error: /\bat\b/ } },
    { kind: 'valid reported (K5)', event: reported('MX-K5', 'MX-K5-e0', t0), expect: 'accepted' },
    { kind: 'closed on a case never registered', event: plain('MX-K5', 'MX-K5-x0', 'closed', t0 + 1 * min), expect: { error: /closed|registered|status|type/ } },
    { kind: 'anything after voided', event: plain('MX-K2', 'MX-K2-x0', 'registered', t0 + 2 * min), expect: { error: /voided/ } },
    { kind: 'event for an unknown case', event: plain('MX-NOPE', 'MX-NOPE-e1', 'registered', t0), expect: { error: /caseId|MX-NOPE/ } },
    { kind: 'reported twice for one case', event: reported('MX-K1', 'MX-K1-x5', t0 + 2 * min), expect: { error: /caseId|reported/ } },
    { kind: 'bad extendBy: prose', event: plain('MX-K1', 'MX-K1-x6', 'extended', t0 + 2 * min, { extendBy: '1 day' }), expect: { error: /extendBy/ } },
    { kind: 'bad extendBy: empty duration', event: plain('MX-K1', 'MX-K1-x7', 'extended', t0 + 2 * min, { extendBy: 'P' }), expect: { error: /extendBy/ } },
    { kind: 'bad extendBy: zero', event: plain('MX-K1', 'MX-K1-x8', 'extended', t0 + 2 * min, { extendBy: 'PT0H' }), expect: { error: /extendBy/ } },
    { kind: 'not an object', event: 42, expect: { error: /event|object/ } },
    { kind: 'valid extended P1D (K1)', event: plain('MX-K1', 'MX-K1-e2', 'extended', t0 + 3 * min, { extendBy: 'P1D' }), expect: 'accepted' },
    { kind: 'valid dispatched (K1) after the refused one', event: plain('MX-K1', 'MX-K1-e3', 'dispatched', t0 + 4 * min, { department: 'D10' }), expect: 'accepted' },
    { kind: 'wrong department on returned', event: plain('MX-K1', 'MX-K1-x9', 'returned', t0 + 5 * min, { department: 'D03' }), expect: { error: /department/ } },
    { kind: 'valid returned by the department it was dispatched to (K1)', event: plain('MX-K1', 'MX-K1-e4', 'returned', t0 + 6 * min, { department: 'D10' }), expect: 'accepted' },
    { kind: 'valid re-dispatch (K1)', event: plain('MX-K1', 'MX-K1-e5', 'dispatched', t0 + 7 * min, { department: 'D10' }), expect: 'accepted' },
    { kind: 'valid handled (K1)', event: plain('MX-K1', 'MX-K1-e6', 'handled', t0 + 8 * min), expect: 'accepted' },
    { kind: 'rework to another department', event: plain('MX-K1', 'MX-K1-x10', 'rework', t0 + 9 * min, { department: 'D03' }), expect: { error: /department/ } },
    { kind: 'valid rework to the same department (K1)', event: plain('MX-K1', 'MX-K1-e7', 'rework', t0 + 10 * min, { department: 'D10' }), expect: 'accepted' },
    { kind: 'valid reported (K16)', event: reported('MX-K16', 'MX-K16-e0', t0), expect: 'accepted' },
    { kind: 'valid registered at the same instant as the report (K16)', event: plain('MX-K16', 'MX-K16-e1', 'registered', t0), expect: 'accepted' },
    { kind: 'handled on a case never dispatched', event: plain('MX-K16', 'MX-K16-x0', 'handled', t0 + 1 * min), expect: { error: /handled|type/ } },
    { kind: 'resumed on a case not suspended', event: plain('MX-K16', 'MX-K16-x1', 'resumed', t0 + 1 * min), expect: { error: /resumed|type/ } },
    { kind: 'extended on a case not registered', event: plain('MX-K5', 'MX-K5-x1', 'extended', t0 + 1 * min, { extendBy: 'P1D' }), expect: { error: /extended|type/ } },
    { kind: 'reporterId longer than 128', event: reported('MX-K4', 'MX-K4-e16', t0, { reporterId: long(129) }), expect: { error: /reporterId/ } },
    { kind: 'description not a string', event: reported('MX-K4', 'MX-K4-e17', t0, { description: 42 }), expect: { error: /description/ } },
    {
      kind: 'extra fields ignored, client region codes not used (K14)',
      event: reported('MX-K14', 'MX-K14-e0', t0, { district: '320481', regions: { city: '999999', district: '320481' }, note: 'extra' }),
      expect: 'accepted',
    },
    { kind: 'at in UTC with Z (K15)', event: reported('MX-K15', 'MX-K15-e0', t0, { at: new Date(t0).toISOString() }), expect: 'accepted' },
    { kind: 'crs gcj02 (K6)', event: reported('MX-K6', 'MX-K6-e0', t0, { lon: gcjOfTianning[0], lat: gcjOfTianning[1], crs: 'gcj02' }), expect: 'accepted' },
    { kind: 'crs bd09 (K9)', event: reported('MX-K9', 'MX-K9-e0', t0, { lon: bdOfZhonglou[0], lat: bdOfZhonglou[1], crs: 'bd09' }), expect: 'accepted' },
    { kind: 'crs cgcs2000 (K10)', event: reported('MX-K10', 'MX-K10-e0', t0, { crs: 'cgcs2000', lon: ZHONGLOU[0], lat: ZHONGLOU[1] }), expect: 'accepted' },
    { kind: 'crs wgs84 spelled out (K11)', event: reported('MX-K11', 'MX-K11-e0', t0, { crs: 'wgs84' }), expect: 'accepted' },
    { kind: 'description of exactly 2000 and eventId of exactly 128 (K7)', event: reported('MX-K7', exactly128, t0, { description: long(2000) }), expect: 'accepted' },
    { kind: 'caseId of exactly 64 (K12)', event: reported(`MX-${long(61)}`, 'MX-K12-e0', t0), expect: 'accepted' },
    { kind: 'at 2 minutes in the future (K8)', event: reported('MX-K8', 'MX-K8-e0', now + 2 * min), expect: 'accepted' },
    { kind: 'at in another offset (K13)', event: reported('MX-K13', 'MX-K13-e0', t0, { at: `${new Date(t0 - 5 * 3600_000).toISOString().slice(0, 19)}-05:00` }), expect: 'accepted' },
  ];
}

export function mixedBatchT0(now: number): number {
  return now - 2 * 3600_000;
}
