import canonicalize from 'canonicalize';
import type { EvaluationLevel, EvaluationRow, SchemeDefinition } from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonical: the value has no JSON form');
  return text;
}

const byCaseId = (a: CaseFacts, b: CaseFacts) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

/** A fact with its keys (and nested keys) inserted in RFC 8785 order (UTF-16 code units), so JSON.stringify is JCS. */
function ordered(f: CaseFacts): unknown {
  const r = f.regions;
  return {
    caseId: f.caseId, category: f.category, checkedAt: f.checkedAt, checkedOnTime: f.checkedOnTime, closedAt: f.closedAt,
    deadline: f.deadline, department: f.department, handledAt: f.handledAt,
    periodEvents: f.periodEvents.map((e) => ({ at: e.at, department: e.department, type: e.type })),
    regions: { city: r.city, community: r.community, district: r.district, grid: r.grid, street: r.street },
    registeredAt: f.registeredAt, reportedAt: f.reportedAt, reporterId: f.reporterId, source: f.source, status: f.status,
    suspendedSince: f.suspendedSince, verifiedAt: f.verifiedAt, verifiedOnTime: f.verifiedOnTime, voidedAt: f.voidedAt,
  };
}

const LONE_SURROGATE = /\\ud[89a-f][0-9a-f]{2}/i;

/**
 * Canonical (RFC 8785 / JCS) serialisation of the facts as a JSON array sorted by caseId (UTF-16 code-unit order):
 * the server hashes it (SHA-256, hex) into `inputsDigest`. Independent of the order the facts come in.
 * Built with JSON.stringify over objects whose keys are inserted in JCS order (ten times faster than a generic
 * canonicaliser on 100,000 cases; the spec checks it equals `canonicalize`). Numbers and strings serialise as JCS
 * prescribes (ECMAScript Number-to-String; lone surrogates are refused, as JCS requires).
 */
export function canonicalFacts(facts: CaseFacts[]): string {
  const text = JSON.stringify([...facts].sort(byCaseId).map(ordered));
  if (LONE_SURROGATE.test(text)) return canonical([...facts].sort(byCaseId)); // throws, naming the problem
  return text;
}

/**
 * Canonical (RFC 8785) serialisation the publication hash (SHA-256, hex, contracts Publication.hash) is taken over:
 * the object { inputsDigest, level, period, rows, scheme: <definition>, schemeVersion }, rows exactly as published
 * (in their order, with their changes).
 */
export function publicationHashInput(p: {
  inputsDigest: string;
  scheme: { version: string; definition: SchemeDefinition };
  period: string;
  level: EvaluationLevel;
  rows: EvaluationRow[];
}): string {
  return canonical({
    inputsDigest: p.inputsDigest,
    level: p.level,
    period: p.period,
    rows: p.rows,
    scheme: p.scheme.definition,
    schemeVersion: p.scheme.version,
  });
}
