import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type {
  CorrectionRequest,
  Publication,
  PublicationDetail,
  PublicationVerification,
  PublishRequest,
  PublicLevel,
} from '@gridlens/contracts';
import { DEFAULT_SCHEME, correctionChanges, type CaseFacts } from '@gridlens/evaluation';
import { DateTime } from 'luxon';
import { DATABASE, type Database } from '../db/database';
import { AuditRepository } from '../repositories/audit.repository';
import { PublicationRepository, type NewPublication, type PublicationRecord } from '../repositories/publication.repository';
import { EvaluationSchemeService } from './evaluation-scheme.service';
import { EvaluationService, sha256, type ComputedEvaluation } from './evaluation.service';
import { PublicRankingService } from './public-ranking.service';

/** PostgreSQL unique_violation: another publisher took the same id or the "current" slot first. */
const UNIQUE_VIOLATION = '23505';

/**
 * Publishing: a draft frozen into an immutable publication (its facts in evaluation_input, its rows and hash in
 * evaluation_publication) and an audit entry, in one transaction. A correction is a new revision that supersedes
 * the current one with a reason; nothing published is ever changed (db triggers enforce it).
 */
@Injectable()
export class PublicationService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(PublicationRepository) private readonly publications: PublicationRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(EvaluationService) private readonly evaluations: EvaluationService,
    @Inject(EvaluationSchemeService) private readonly schemes: EvaluationSchemeService,
    @Inject(PublicRankingService) private readonly publicRankings: PublicRankingService,
  ) {}

  /** First publication of a past period and level; 409 when one is current (correct it instead). */
  async publish(request: PublishRequest, actor: string, options: { now?: number } = {}): Promise<PublicationDetail> {
    const period = this.evaluations.period(request.period);
    const now = options.now ?? Date.now();
    if (period.to > now) {
      throw new BadRequestException(
        `period: ${period.label} has not ended yet (it ends ${new Date(period.to).toISOString()}); a running period cannot be published`,
      );
    }
    const scheme = await this.schemes.get(request.schemeVersion);
    const existing = await this.publications.current(period.label, request.level);
    if (existing) throw this.alreadyPublished(existing.id);
    const computed = await this.evaluations.compute(period, request.level, scheme);
    const publication = this.newPublication(computed, request.level, { revision: 1, note: request.note, actor, now, supersedes: null });
    await this.write(async (tx) => {
      await this.publications.addInput(tx, { digest: computed.inputsDigest, period: period.label, caseCount: computed.facts.length, facts: computed.factsText });
      await this.publications.insert(tx, publication);
      await this.audit.add(tx, {
        actor,
        action: 'evaluation.publish',
        subject: publication.id,
        details: { period: period.label, level: request.level, schemeVersion: scheme.version, hash: publication.hash, inputsDigest: computed.inputsDigest, caseCount: computed.facts.length },
      });
    }, () => this.alreadyPublished(publication.id));
    this.publicRankings.invalidate(); // the public answers of this instance show it at once (others within their TTL)
    return this.detail(publication.id);
  }

  /** Recompute publication `id` (with its scheme or another) as a new revision that supersedes it, with a reason. */
  async correct(id: string, request: CorrectionRequest, actor: string): Promise<PublicationDetail> {
    const old = await this.record(id);
    if (old.supersededBy) throw new ConflictException(`id: publication ${id} is already superseded by ${old.supersededBy}; correct that one`);
    const scheme = await this.schemes.get(request.schemeVersion ?? old.schemeVersion);
    const computed = await this.evaluations.compute(this.evaluations.period(old.period), old.level, scheme);
    const now = Date.now();
    const publication = this.newPublication(computed, old.level, {
      revision: old.revision + 1,
      note: request.note,
      actor,
      now,
      supersedes: { id: old.id, reason: request.reason },
    });
    const superseded = () => new ConflictException(`id: publication ${id} was superseded meanwhile`);
    await this.write(async (tx) => {
      // First free the "current" slot (the reference to the new row is checked at commit), then add the new row.
      if (!(await this.publications.markSuperseded(tx, old.id, publication.id))) throw superseded();
      await this.publications.addInput(tx, { digest: computed.inputsDigest, period: old.period, caseCount: computed.facts.length, facts: computed.factsText });
      await this.publications.insert(tx, publication);
      await this.audit.add(tx, {
        actor,
        action: 'evaluation.correct',
        subject: publication.id,
        details: {
          period: old.period,
          level: old.level,
          supersedes: old.id,
          reason: request.reason,
          schemeVersion: scheme.version,
          hash: publication.hash,
          previousHash: old.hash,
          inputsDigest: computed.inputsDigest,
          changes: correctionChanges(old.rows, computed.rows),
        },
      });
    }, superseded);
    this.publicRankings.invalidate();
    return this.detail(publication.id);
  }

  /**
   * The demo's publications, so the public site has content on first start: the last `months` complete months (in
   * the city's time zone) that overlap the history [historyFrom, now), for each level, with the default scheme, as
   * `actor`, where not yet published. Live events (after those months) do not make their facts be read again.
   */
  async publishRecentMonths(o: { now: number; historyFrom: number; timeZone: string; levels: PublicLevel[]; months: number; actor: string }): Promise<string[]> {
    await this.schemes.ensureDefault();
    let label = DateTime.fromMillis(o.now, { zone: o.timeZone }).toFormat('yyyy-MM');
    const published: string[] = [];
    for (let i = 0; i < o.months; i++) {
      const period = this.evaluations.period(this.evaluations.period(label).previous);
      label = period.label;
      if (period.to <= o.historyFrom) break;
      for (const level of o.levels) {
        if (await this.publications.current(period.label, level)) continue;
        const request = { period: period.label, level, schemeVersion: DEFAULT_SCHEME.version, note: 'Demo city: simulated data.' };
        published.push((await this.publish(request, o.actor, { now: o.now })).id);
      }
    }
    return published;
  }

  list(filter: { period?: string; level?: string }): Promise<Publication[]> {
    return this.publications.list(filter);
  }

  async detail(id: string): Promise<PublicationDetail> {
    const { revision: _revision, ...record } = await this.record(id);
    return { ...record, scheme: await this.schemes.get(record.schemeVersion) };
  }

  /**
   * Recompute a publication (a) from its frozen facts, with the scheme and units it was published with (the
   * `change` columns compare with other periods' data, so they are taken as published), and (b) from today's data.
   */
  async verify(id: string): Promise<PublicationVerification> {
    const p = await this.record(id);
    const scheme = await this.schemes.get(p.schemeVersion);
    const period = this.evaluations.period(p.period);
    const input = await this.publications.input(p.inputsDigest);
    if (!input) throw new NotFoundException(`id: the frozen inputs of publication ${id} are missing`);
    const facts = JSON.parse(input.facts) as CaseFacts[];
    const units = p.rows.map((r) => ({ code: r.code, name: r.name }));
    const changes = new Map(p.rows.map((r) => [r.code, r.change]));
    const recomputed = (await this.evaluations.rowsFromFacts(facts, period, p.level, scheme, units)).map((r) => ({
      ...r,
      change: changes.get(r.code) ?? { previous: null, yearAgo: null },
    }));
    const frozenDigest = sha256(input.facts);
    const frozenHash = this.evaluations.hashOf({ inputsDigest: frozenDigest, scheme, period: p.period, level: p.level, rows: recomputed });
    const current = await this.evaluations.compute(period, p.level, scheme);
    return {
      id: p.id,
      hash: p.hash,
      inputsDigest: p.inputsDigest,
      frozen: { inputsDigest: frozenDigest, hash: frozenHash, matches: frozenDigest === p.inputsDigest && frozenHash === p.hash },
      current: { inputsDigest: current.inputsDigest, hash: current.hash, matches: current.hash === p.hash, seq: current.seq },
    };
  }

  private async record(id: string): Promise<PublicationRecord> {
    const record = await this.publications.get(id);
    if (!record) throw new NotFoundException(`id: no publication "${id}"`);
    return record;
  }

  private newPublication(
    computed: ComputedEvaluation,
    level: PublicLevel,
    o: { revision: number; note: string; actor: string; now: number; supersedes: NewPublication['supersedes'] },
  ): NewPublication {
    return {
      id: `${computed.period.label}.${level}.${o.revision}`,
      period: computed.period.label,
      level,
      revision: o.revision,
      from: computed.period.from,
      to: computed.period.to,
      schemeVersion: computed.scheme.version,
      note: o.note,
      publishedAt: o.now,
      publishedBy: o.actor,
      hash: computed.hash,
      inputsDigest: computed.inputsDigest,
      caseCount: computed.facts.length,
      rows: computed.rows,
      topCategories: computed.topCategories,
      supersedes: o.supersedes,
    };
  }

  private alreadyPublished(id: string): ConflictException {
    return new ConflictException(`period: ${id.replace(/\.\d+$/, '')} is published already (${id}); publish a correction of it instead`);
  }

  /** One transaction; a unique violation (a concurrent publisher won) becomes the given 409. */
  private async write(fn: Parameters<Database['transaction']>[0], conflict: () => ConflictException): Promise<void> {
    try {
      await this.db.transaction(fn);
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) throw conflict();
      throw error;
    }
  }
}
