import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { createHash } from 'node:crypto';
import {
  PUBLIC_LEVELS,
  type Category,
  type EvaluationLevel,
  type EvaluationQuery,
  type EvaluationResult,
  type EvaluationRow,
  type EvaluationScheme,
} from '@gridlens/contracts';
import {
  canonicalFacts,
  caseFactsAt,
  evaluate,
  publicationHashInput,
  resolvePeriod,
  withChanges,
  type CaseFacts,
  type ResolvedPeriod,
  type Unit,
} from '@gridlens/evaluation';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { EvaluationFactsRepository } from '../repositories/evaluation-facts.repository';
import { PublicationRepository } from '../repositories/publication.repository';
import { CatalogueService } from './catalogue.service';
import { ClockService } from './clock.service';
import { EvaluationSchemeService } from './evaluation-scheme.service';

/** One evaluation of a period and level with one scheme, with what a publication freezes of it. */
export interface ComputedEvaluation {
  period: ResolvedPeriod;
  level: EvaluationLevel;
  scheme: EvaluationScheme;
  seq: number;
  facts: CaseFacts[];
  /** canonicalFacts(facts): the text stored in evaluation_input and hashed into inputsDigest. */
  factsText: string;
  inputsDigest: string;
  rows: EvaluationRow[];
  topCategories: EvaluationResult['topCategories'];
  /** The publication hash these results would have. */
  hash: string;
}

/**
 * Small caches: a few periods, levels and schemes at one log position are all a session asks for. Facts are large (a
 * month of a busy city: ~25,000 cases, ~40 MB with their canonical text) and results hold their period's facts.
 */
const FACTS_KEPT = 4;
const RESULTS_KEPT = 8;

interface FactsEntry {
  /** Which read this is (results are cached per the facts they were computed from). */
  id: number;
  /** The log position the facts were read at. */
  seq: number;
  facts: CaseFacts[];
  canonical(): { text: string; digest: string };
}

export const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

/**
 * Draft evaluations (docs/evaluation.md): period → the cases' logged events in one snapshot → per-case facts
 * (libs/evaluation caseFactsAt, the same workflow and deadlines as ingest) → indicators, scores, ranks → change
 * against the previous and year-ago periods with the same scheme. Cached per (period, level, scheme) and the facts
 * of the three periods, which are re-read only when events dated before a period's end have been logged since.
 */
@Injectable()
export class EvaluationService {
  private readonly facts = new Map<string, Promise<FactsEntry>>();
  private readonly results = new Map<string, Promise<ComputedEvaluation>>();
  private factsRead = 0;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(EvaluationFactsRepository) private readonly repository: EvaluationFactsRepository,
    @Inject(PublicationRepository) private readonly publications: PublicationRepository,
    @Inject(EvaluationSchemeService) private readonly schemes: EvaluationSchemeService,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(ClockService) private readonly clock: ClockService,
  ) {}

  /** A period string as [from, to) in the city's time zone; 400 naming the problem. */
  period(period: string): ResolvedPeriod {
    try {
      return resolvePeriod(period, this.config.TZ_CITY);
    } catch (error) {
      const message = (error as Error).message;
      throw new BadRequestException(message.startsWith('period:') ? message : `period: ${message}`);
    }
  }

  /** `GET /api/v1/evaluations`: a draft from the data as it is now. */
  async draft(query: EvaluationQuery): Promise<EvaluationResult> {
    const scheme = await this.schemes.resolve(query.schemeVersion);
    const computed = await this.compute(this.period(query.period), query.level, scheme);
    const current = (PUBLIC_LEVELS as readonly string[]).includes(query.level)
      ? await this.publications.currentHash(computed.period.label, query.level)
      : null;
    return {
      period: computed.period.label,
      from: new Date(computed.period.from).toISOString(),
      to: new Date(computed.period.to).toISOString(),
      level: query.level,
      scheme,
      seq: computed.seq,
      inputsDigest: computed.inputsDigest,
      caseCount: computed.facts.length,
      rows: computed.rows,
      topCategories: computed.topCategories,
      published: current ? { id: current.id, hash: current.hash, matches: current.hash === computed.hash } : null,
    };
  }

  /** The evaluation of a period and level with a scheme, from the data at the log's current position. */
  async compute(period: ResolvedPeriod, level: EvaluationLevel, scheme: EvaluationScheme): Promise<ComputedEvaluation> {
    this.requireLevel(scheme, level);
    const categories = new Map((await this.catalogue.categories()).map((c) => [c.code, c]));
    const previous = this.period(period.previous);
    const yearAgo = this.period(period.yearAgo);
    const [own, before, lastYear] = [
      await this.factsOf(period, scheme, categories),
      await this.factsOf(previous, scheme, categories),
      await this.factsOf(yearAgo, scheme, categories),
    ];
    return cached(this.results, `${period.label}|${level}|${scheme.version}@${scheme.createdAt}|${own.id}|${before.id}|${lastYear.id}`, RESULTS_KEPT, async () => {
      const categoryNames = new Map([...categories.values()].map((c) => [c.code, { zh: c.nameZh, en: c.nameEn }]));
      const rowsOf = async (other: ResolvedPeriod, { facts }: FactsEntry) =>
        // A period without any case is absent (no comparison), not a period of zeros.
        facts.length === 0
          ? null
          : { period: other.label, rows: evaluate({ facts, period: other, level, units: await this.units(level, facts), scheme: scheme.definition, categoryNames }).rows };
      const { rows, topCategories } = evaluate({ facts: own.facts, period, level, units: await this.units(level, own.facts), scheme: scheme.definition, categoryNames });
      const changed = withChanges(rows, await rowsOf(previous, before), await rowsOf(yearAgo, lastYear));
      const { text: factsText, digest: inputsDigest } = own.canonical();
      const hash = this.hashOf({ inputsDigest, scheme, period: period.label, level, rows: changed });
      return { period, level, scheme, seq: own.seq, facts: own.facts, factsText, inputsDigest, rows: changed, topCategories, hash };
    });
  }

  /** The publication hash (contracts Publication.hash): SHA-256 of the canonical serialisation. */
  hashOf(p: { inputsDigest: string; scheme: EvaluationScheme; period: string; level: EvaluationLevel; rows: EvaluationRow[] }): string {
    return sha256(publicationHashInput({ ...p, scheme: { version: p.scheme.version, definition: p.scheme.definition } }));
  }

  /** Rows recomputed from given (frozen) facts, for the units given (those of the publication). */
  async rowsFromFacts(facts: CaseFacts[], period: ResolvedPeriod, level: EvaluationLevel, scheme: EvaluationScheme, units: Unit[]): Promise<EvaluationRow[]> {
    const categoryNames = new Map((await this.catalogue.categories()).map((c) => [c.code, { zh: c.nameZh, en: c.nameEn }]));
    return evaluate({ facts, period, level, units, scheme: scheme.definition, categoryNames }).rows;
  }

  private requireLevel(scheme: EvaluationScheme, level: EvaluationLevel): void {
    if (!scheme.definition.levels[level]?.length) {
      throw new BadRequestException(`level: evaluation scheme "${scheme.version}" has no items for level "${level}"`);
    }
  }

  /**
   * The facts of every case that can count in the period, as of its end (the replay's limits come from the scheme),
   * with their canonical text and digest made once when first asked for. They depend only on the events logged
   * with `at` before the period's end: a cached entry read at seq S stays exact while no event after S is dated
   * before that end (one look at the log's tail by seq), so an ended period is not re-read at every live event.
   * The raw event logs are dropped once replayed (a month of the demo city is ~140,000 events).
   */
  private async factsOf(period: ResolvedPeriod, scheme: EvaluationScheme, categories: Map<string, Category>): Promise<FactsEntry> {
    const { verifyLimitWorkingHours, checkLimitWorkingHours } = scheme.definition;
    const key = `${period.label}|${verifyLimitWorkingHours}|${checkLimitWorkingHours}`;
    const pending = this.facts.get(key);
    const hit = await pending?.catch(() => null);
    if (hit && !(await this.repository.loggedBefore(hit.seq, period.to))) return hit;
    if (pending && this.facts.get(key) === pending) this.facts.delete(key);
    return cached(this.facts, key, FACTS_KEPT, async () => {
      const snapshot = await this.repository.snapshot(period.from, period.to);
      const ctx = {
        deadlineOf: (state: Parameters<ClockService['deadlineOf']>[0]) => this.clock.deadlineOf(state, categories.get(state.category)),
        clock: this.clock.clock,
        verifyLimitWorkingHours,
        checkLimitWorkingHours,
      };
      const facts = snapshot.cases.flatMap((c) => caseFactsAt(c.events, period, ctx) ?? []);
      let canonical: { text: string; digest: string } | null = null;
      return {
        id: ++this.factsRead,
        seq: snapshot.seq,
        facts,
        canonical() {
          if (!canonical) {
            const text = canonicalFacts(facts);
            canonical = { text, digest: sha256(text) };
          }
          return canonical;
        },
      };
    });
  }

  /** Every unit of the level; inspectors are the reporters of inspector-made reports among the facts. */
  private async units(level: EvaluationLevel, facts: CaseFacts[]): Promise<Unit[]> {
    if (level === 'department') return this.repository.departmentUnits();
    if (level === 'inspector') {
      const ids = [...new Set(facts.flatMap((f) => (f.source === 'inspector' && f.reporterId ? [f.reporterId] : [])))].sort();
      return ids.map((id) => ({ code: id, name: { zh: id, en: id } }));
    }
    return this.repository.regionUnits(level);
  }
}

/** Memoise a promise under a key in a small map (oldest entry evicted); a failed computation is not kept. */
function cached<T>(map: Map<string, Promise<T>>, key: string, size: number, make: () => Promise<T>): Promise<T> {
  const hit = map.get(key);
  if (hit) return hit;
  const made = make();
  map.set(key, made);
  made.catch(() => map.delete(key));
  if (map.size > size) map.delete(map.keys().next().value!);
  return made;
}
