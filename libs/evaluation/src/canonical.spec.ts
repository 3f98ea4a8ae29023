import { describe, expect, it } from 'vitest';
import canonicalize from 'canonicalize';
import type { EvaluationRow } from '@gridlens/contracts';
import { canonicalFacts, publicationHashInput } from './canonical';
import { DEFAULT_SCHEME } from './scheme';
import { fact, t } from './spec-helpers';

describe('canonicalFacts', () => {
  const a = fact({ caseId: 'b-2', periodEvents: [{ type: 'dispatched', at: t('2026-03-02T10:30'), department: 'D' }] });
  const b = fact({ caseId: 'a-1', reporterId: '监督员7' });
  const c = fact({ caseId: 'B-0' });

  it('is RFC 8785 JSON: sorted by caseId (code units), keys sorted, no whitespace; stable under input order', () => {
    const text = canonicalFacts([a, b, c]);
    expect(canonicalFacts([c, b, a])).toBe(text);
    expect(canonicalFacts([b, a, c])).toBe(text);
    expect((JSON.parse(text) as { caseId: string }[]).map((f) => f.caseId)).toEqual(['B-0', 'a-1', 'b-2']);
    expect(text.startsWith('[{"caseId":"B-0","category":"C5D","checkedAt":null,"checkedOnTime":null,"closedAt":null,"deadline":')).toBe(true);
    expect(text).toContain('"reporterId":"监督员7"');
    expect(text).not.toMatch(/\s/);
  });

  it('equals the generic RFC 8785 canonicaliser, and refuses lone surrogates as RFC 8785 does', () => {
    const odd = fact({ caseId: 'z\u00e9\u{1F600}"\\', reporterId: 'x\n\u2028', deadline: 1e21, verifiedOnTime: false, checkedOnTime: true, voidedAt: -0 });
    const all = [a, b, c, odd];
    expect(canonicalFacts(all)).toBe(canonicalize([...all].sort((x, y) => (x.caseId < y.caseId ? -1 : 1))));
    expect(() => canonicalFacts([fact({ caseId: 'bad\ud800' })])).toThrow('Lone surrogate');
  });

  it('changes when a fact changes (an event ingested later with an earlier `at` is new data)', () => {
    expect(canonicalFacts([a, b, { ...c, closedAt: t('2026-03-03T10:00') }])).not.toBe(canonicalFacts([a, b, c]));
  });
});

describe('publicationHashInput', () => {
  const rows = [{ code: 'D1', score: 80.5, rank: 1 }] as unknown as EvaluationRow[];
  const input = { inputsDigest: 'abc', scheme: DEFAULT_SCHEME, period: '2026-03', level: 'district' as const, rows };

  it('serialises {inputsDigest, level, period, rows, scheme, schemeVersion} canonically', () => {
    const text = publicationHashInput(input);
    expect(text.startsWith('{"inputsDigest":"abc","level":"district","period":"2026-03","rows":[{"code":"D1","rank":1,"score":80.5}],"scheme":{"checkLimitWorkingHours":2,')).toBe(true);
    expect(text.endsWith(',"schemeVersion":"default-2026.1"}')).toBe(true);
    expect(publicationHashInput({ ...input })).toBe(text);
  });

  it('differs when any part differs', () => {
    const text = publicationHashInput(input);
    expect(publicationHashInput({ ...input, inputsDigest: 'abd' })).not.toBe(text);
    expect(publicationHashInput({ ...input, period: '2026-04' })).not.toBe(text);
    expect(publicationHashInput({ ...input, scheme: { ...DEFAULT_SCHEME, version: 'x' } })).not.toBe(text);
    expect(publicationHashInput({ ...input, rows: [{ ...rows[0], score: 80.51 }] })).not.toBe(text);
  });
});
