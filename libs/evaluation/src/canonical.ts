import canonicalize from 'canonicalize';
import type { EvaluationLevel, EvaluationRow, SchemeDefinition } from '@gridlens/contracts';
import type { CaseFacts } from './case-facts';

function canonical(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('canonical: the value has no JSON form');
  return text;
}

const byCaseId = (a: CaseFacts, b: CaseFacts) => (a.caseId < b.caseId ? -1 : a.caseId > b.caseId ? 1 : 0);

/**
 * Canonical (RFC 8785 / JCS) serialisation of the facts as a JSON array sorted by caseId (UTF-16 code-unit order):
 * the server hashes it (SHA-256, hex) into `inputsDigest`. Independent of the order the facts come in.
 */
export function canonicalFacts(facts: CaseFacts[]): string {
  return canonical([...facts].sort(byCaseId));
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
