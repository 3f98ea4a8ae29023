/**
 * Publishing on both databases, through the services: a draft → a publication whose hash anyone can recompute
 * (SHA-256 of libs/evaluation publicationHashInput) → the same hash from a recomputation, new data showing as a new
 * inputs digest, a correction that supersedes, the triggers that refuse rewriting the past, the audit trail, and
 * schemes as versioned data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { BadRequestException, ConflictException, NotFoundException, type INestApplicationContext } from '@nestjs/common';
import { canonicalFacts, DEFAULT_SCHEME, publicationHashInput, type CaseFacts } from '@gridlens/evaluation';
import type { Database } from '../../apps/server/src/db/database';
import { AuditService } from '../../apps/server/src/services/audit.service';
import { EvaluationSchemeService } from '../../apps/server/src/services/evaluation-scheme.service';
import { EvaluationService } from '../../apps/server/src/services/evaluation.service';
import { IngestService } from '../../apps/server/src/services/ingest.service';
import { PublicationService } from '../../apps/server/src/services/publication.service';
import { ZHONGLOU, plain, reported } from '../support/ingest-cases';
import { createTestContext } from '../support/test-app';
import { testBackends } from '../support/test-databases';

const cst = (iso: string) => Date.parse(`${iso}+08:00`);
const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const zhonglou = { lon: ZHONGLOU[0], lat: ZHONGLOU[1] };

/** Six October cases in 天宁区 (closed on time, closed late, open) and two in 钟楼区, plus one in September. */
function octoberCases() {
  const day = (d: number, hm: string) => cst(`2026-10-${String(d).padStart(2, '0')}T${hm}:00`);
  return [
    ...[12, 13, 14].flatMap((d) => [
      reported(`PB-T${d}`, `PB-T${d}-0`, day(d, '09:00')),
      plain(`PB-T${d}`, `PB-T${d}-1`, 'registered', day(d, '09:05')),
      plain(`PB-T${d}`, `PB-T${d}-2`, 'closed', day(d, '09:30')),
    ]),
    reported('PB-L1', 'PB-L1-0', day(15, '09:00')),
    plain('PB-L1', 'PB-L1-1', 'registered', day(15, '09:05')),
    plain('PB-L1', 'PB-L1-2', 'closed', day(20, '09:00')),
    reported('PB-O1', 'PB-O1-0', day(16, '09:00')),
    plain('PB-O1', 'PB-O1-1', 'registered', day(16, '09:05')),
    reported('PB-Z1', 'PB-Z1-0', day(12, '10:00'), zhonglou),
    plain('PB-Z1', 'PB-Z1-1', 'registered', day(12, '10:05')),
    plain('PB-Z1', 'PB-Z1-2', 'closed', day(12, '10:30')),
    reported('PB-Z2', 'PB-Z2-0', day(13, '10:00'), { ...zhonglou, source: 'public' }),
    plain('PB-Z2', 'PB-Z2-1', 'voided', day(13, '10:05')),
    reported('PB-S1', 'PB-S1-0', cst('2026-09-14T09:00:00')),
    plain('PB-S1', 'PB-S1-1', 'registered', cst('2026-09-14T09:05:00')),
  ];
}

async function refusal(sql: string, db: Database): Promise<string> {
  try {
    await db.query(sql);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error(`not refused: ${sql}`);
}

async function failure(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    const response = (error as { getResponse?: () => { message: string } }).getResponse?.();
    return { type: (error as Error).constructor.name, message: String(response?.message ?? (error as Error).message) };
  }
  throw new Error('expected a failure');
}

for (const backend of testBackends()) {
  describe(`publications on ${backend.name}`, () => {
    let db: Database;
    let drop: () => Promise<void>;
    let app: INestApplicationContext;
    let evaluations: EvaluationService;
    let publications: PublicationService;
    let schemes: EvaluationSchemeService;

    beforeAll(async () => {
      ({ db, drop } = await backend.open());
      app = await createTestContext(db);
      evaluations = app.get(EvaluationService);
      publications = app.get(PublicationService);
      schemes = app.get(EvaluationSchemeService);
      expect(await schemes.ensureDefault()).toBe(true);
      expect(await schemes.ensureDefault()).toBe(false);
      const result = await app.get(IngestService).ingest(octoberCases() as never);
      expect(result.rejected).toEqual([]);
    });
    afterAll(async () => {
      await app?.close();
      await drop?.();
    });

    it('a draft: rows per district, the digest of its canonical facts, no publication yet', async () => {
      const draft = await evaluations.draft({ period: '2026-10', level: 'district' });
      expect(draft.scheme.version).toBe(DEFAULT_SCHEME.version);
      expect(draft).toMatchObject({ period: '2026-10', from: '2026-09-30T16:00:00.000Z', to: '2026-10-31T16:00:00.000Z', caseCount: 8, published: null });
      const tianning = draft.rows.find((r) => r.code === '320402')!;
      expect(tianning.counts).toMatchObject({ reported: 5, registered: 5, due: 5, closed: 4, closedOnTime: 3, overdue: 2 });
      expect(draft.rows.find((r) => r.code === '320404')!.counts).toMatchObject({ reported: 2, registered: 1, due: 1, closed: 1 });
      // September's case is still open on October 1st: due in September (its deadline passed on 14 Sep), overdue at
      // the end of October, and among October's facts; Z2 (voided in October) is too.
      const computed = await evaluations.compute(evaluations.period('2026-10'), 'district', draft.scheme);
      expect(computed.facts.map((f: CaseFacts) => f.caseId)).toContain('PB-S1');
      expect(draft.inputsDigest).toBe(sha256(canonicalFacts(computed.facts)));
    });

    it('publishes: an id, a hash anyone can recompute, frozen facts; the same recomputation gives the same hash', async () => {
      const p = await publications.publish({ period: '2026-10', level: 'district', schemeVersion: DEFAULT_SCHEME.version, note: 'October' }, 'admin');
      expect(p).toMatchObject({ id: '2026-10.district.1', level: 'district', publishedBy: 'admin', note: 'October', supersedes: null, supersededBy: null });
      expect(p.hash).toBe(sha256(publicationHashInput({ inputsDigest: p.inputsDigest, scheme: { version: p.scheme.version, definition: p.scheme.definition }, period: p.period, level: p.level, rows: p.rows })));
      const [input] = await db.query<{ facts: string; case_count: number }>(`SELECT facts, case_count FROM evaluation_input WHERE digest = $1`, [p.inputsDigest]);
      expect(sha256(input.facts)).toBe(p.inputsDigest);
      expect(input.case_count).toBe(p.caseCount);
      const again = await evaluations.draft({ period: '2026-10', level: 'district', schemeVersion: DEFAULT_SCHEME.version });
      expect(again.published).toEqual({ id: p.id, hash: p.hash, matches: true });
      expect(await publications.verify(p.id)).toMatchObject({
        frozen: { inputsDigest: p.inputsDigest, hash: p.hash, matches: true },
        current: { inputsDigest: p.inputsDigest, hash: p.hash, matches: true },
      });
      expect((await schemes.get(DEFAULT_SCHEME.version)).used).toBe(true);
    });

    it('refuses a second publication (409), a running period (400), an unknown scheme (404)', async () => {
      expect(await failure(publications.publish({ period: '2026-10', level: 'district', schemeVersion: DEFAULT_SCHEME.version, note: '' }, 'admin'))).toMatchObject({
        type: ConflictException.name,
        message: expect.stringMatching(/2026-10\.district\.1.*correction/),
      });
      const running = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7); // this month in Asia/Shanghai
      expect(await failure(publications.publish({ period: running, level: 'street', schemeVersion: DEFAULT_SCHEME.version, note: '' }, 'admin'))).toMatchObject({
        type: BadRequestException.name,
        message: expect.stringMatching(/^period: .*not ended/),
      });
      expect(await failure(publications.publish({ period: '2026-09', level: 'district', schemeVersion: 'nope', note: '' }, 'admin'))).toMatchObject({
        type: NotFoundException.name,
        message: expect.stringMatching(/schemeVersion/),
      });
    });

    it('new data for the period: the draft no longer matches, the frozen facts still do; a correction supersedes', async () => {
      const late = await app.get(IngestService).ingest([reported('PB-N1', 'PB-N1-0', cst('2026-10-20T09:00:00'), zhonglou), plain('PB-N1', 'PB-N1-1', 'registered', cst('2026-10-20T09:05:00'))] as never);
      expect(late.rejected).toEqual([]);
      const old = await publications.detail('2026-10.district.1');
      const draft = await evaluations.draft({ period: '2026-10', level: 'district' });
      expect(draft.published).toEqual({ id: old.id, hash: old.hash, matches: false });
      expect(draft.inputsDigest).not.toBe(old.inputsDigest);
      const verified = await publications.verify(old.id);
      expect(verified.frozen.matches).toBe(true);
      expect(verified.current).toMatchObject({ inputsDigest: draft.inputsDigest, matches: false });

      const fixed = await publications.correct(old.id, { reason: 'a late report from 钟楼区', note: '' }, 'admin');
      expect(fixed).toMatchObject({ id: '2026-10.district.2', supersedes: { id: old.id, reason: 'a late report from 钟楼区' }, supersededBy: null, inputsDigest: draft.inputsDigest });
      expect(fixed.rows.find((r) => r.code === '320404')!.counts.registered).toBe(2);
      expect((await publications.detail(old.id)).supersededBy).toBe(fixed.id);
      expect(old.rows).toEqual((await publications.detail(old.id)).rows);
      expect((await evaluations.draft({ period: '2026-10', level: 'district' })).published).toEqual({ id: fixed.id, hash: fixed.hash, matches: true });
      expect(await failure(publications.correct(old.id, { reason: 'again', note: '' }, 'admin'))).toMatchObject({ type: ConflictException.name, message: expect.stringMatching(/superseded/) });
      expect((await publications.list({ period: '2026-10' })).map((p) => p.id).sort()).toEqual([old.id, fixed.id]);
    });

    it('the past cannot be rewritten, even by SQL: triggers refuse UPDATE and DELETE', async () => {
      expect(await refusal(`UPDATE evaluation_publication SET note = 'edited' WHERE id = '2026-10.district.2'`, db)).toMatch(/immutable: only superseded_by may be set, once/);
      expect(await refusal(`UPDATE evaluation_publication SET superseded_by = '2026-10.district.2' WHERE id = '2026-10.district.1'`, db)).toMatch(/immutable/);
      expect(await refusal(`DELETE FROM evaluation_publication WHERE id = '2026-10.district.2'`, db)).toMatch(/cannot be deleted/);
      expect(await refusal(`UPDATE evaluation_input SET facts = '[]'`, db)).toMatch(/evaluation_input is append-only: UPDATE refused/);
      expect(await refusal(`DELETE FROM evaluation_input`, db)).toMatch(/evaluation_input is append-only: DELETE refused/);
      expect(await refusal(`UPDATE audit_log SET actor = 'someone else'`, db)).toMatch(/audit_log is append-only: UPDATE refused/);
      expect(await refusal(`DELETE FROM audit_log`, db)).toMatch(/audit_log is append-only: DELETE refused/);
      expect(await refusal(`UPDATE evaluation_scheme SET created_by = 'x'`, db)).toMatch(/immutable: create a new version/);
      expect(await refusal(`DELETE FROM evaluation_scheme WHERE version = '${DEFAULT_SCHEME.version}'`, db)).toMatch(/used by a publication/);
      const [count] = await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM evaluation_publication`);
      expect(count.n).toBe(2);
    });

    it('schemes: a new version is validated and audited, never duplicated; unused versions may be deleted, used ones not', async () => {
      const definition = { ...DEFAULT_SCHEME.definition, name: { zh: '测试方案', en: 'Test scheme' } };
      const created = await schemes.create({ version: 'test-1', definition }, 'admin');
      expect(created).toMatchObject({ version: 'test-1', createdBy: 'admin', used: false });
      expect(await failure(schemes.create({ version: 'test-1', definition }, 'admin'))).toMatchObject({ type: ConflictException.name, message: expect.stringMatching(/^version: .*exists/) });
      const district = definition.levels.district!;
      const bad = { ...definition, levels: { ...definition.levels, district: district.map((item, i) => (i === 0 ? { ...item, weight: item.weight + 5 } : item)) } };
      expect(await failure(schemes.create({ version: 'test-2', definition: bad }, 'admin'))).toMatchObject({ type: BadRequestException.name, message: expect.stringMatching(/^definition\..*district/) });
      expect((await schemes.list()).map((s) => s.version)).toEqual(['test-1', DEFAULT_SCHEME.version]);
      expect(await failure(schemes.remove(DEFAULT_SCHEME.version))).toMatchObject({ type: ConflictException.name });
      await schemes.remove('test-1');
      expect(await failure(schemes.get('test-1'))).toMatchObject({ type: NotFoundException.name });
    });

    it('the audit log: who did what, newest first, pageable', async () => {
      const entries = await app.get(AuditService).entries(10, null);
      expect(entries.map((e) => [e.action, e.subject, e.actor])).toEqual([
        ['scheme.create', 'test-1', 'admin'],
        ['evaluation.correct', '2026-10.district.2', 'admin'],
        ['evaluation.publish', '2026-10.district.1', 'admin'],
      ]);
      const [, correct, publish] = entries;
      expect(correct.details).toMatchObject({ supersedes: '2026-10.district.1', reason: 'a late report from 钟楼区', previousHash: publish.details.hash });
      expect(correct.details.changes).toEqual(expect.any(Array));
      expect(publish.details).toMatchObject({ period: '2026-10', level: 'district', schemeVersion: DEFAULT_SCHEME.version, hash: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(await app.get(AuditService).entries(1, correct.id)).toEqual([publish]);
    });

    it('the demo publishes the last complete months its history covers, once, as actor demo', async () => {
      const demo = (now: string) =>
        publications.publishRecentMonths({ now: cst(now), historyFrom: cst('2026-10-01T00:00:00'), timeZone: 'Asia/Shanghai', levels: ['district', 'street'], months: 2, actor: 'demo' });
      // On 5 December: November and October; October's districts are published already, September is before the history.
      expect(await demo('2026-12-05T12:00:00')).toEqual(['2026-11.district.1', '2026-11.street.1', '2026-10.street.1']);
      expect(await demo('2026-12-06T12:00:00')).toEqual([]);
      const p = await publications.detail('2026-10.street.1');
      expect(p).toMatchObject({ publishedBy: 'demo', schemeVersion: DEFAULT_SCHEME.version, publishedAt: new Date(cst('2026-12-05T12:00:00')).toISOString() });
      expect((await publications.verify(p.id)).frozen.matches).toBe(true);
    });

    it('two admins publishing the same period and level at once: one publication, the other a 409', async () => {
      const request = { period: '2026-09', level: 'department' as const, schemeVersion: DEFAULT_SCHEME.version, note: '' };
      const outcomes = await Promise.allSettled([publications.publish(request, 'admin'), publications.publish(request, 'admin2')]);
      expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
      const refused = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')!;
      expect(refused.reason).toBeInstanceOf(ConflictException);
      expect((await publications.list({ period: '2026-09', level: 'department' })).map((p) => p.id)).toEqual(['2026-09.department.1']);
    });
  });
}
