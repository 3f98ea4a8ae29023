import { BadRequestException, ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import type { CreateSchemeRequest, EvaluationScheme } from '@gridlens/contracts';
import { DEFAULT_SCHEME, schemeProblems } from '@gridlens/evaluation';
import { DATABASE, type Database } from '../db/database';
import { AuditRepository } from '../repositories/audit.repository';
import { EvaluationSchemeRepository } from '../repositories/evaluation-scheme.repository';

/** Evaluation schemes as versioned data: a version is created once and never edited; an unused one may be deleted. */
@Injectable()
export class EvaluationSchemeService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(EvaluationSchemeRepository) private readonly schemes: EvaluationSchemeRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
  ) {}

  /** Insert the default scheme (libs/evaluation DEFAULT_SCHEME) if absent, as created by 'system'. At start. */
  async ensureDefault(): Promise<boolean> {
    return this.schemes.insert(this.db, DEFAULT_SCHEME.version, DEFAULT_SCHEME.definition, 'system');
  }

  list(): Promise<EvaluationScheme[]> {
    return this.schemes.list();
  }

  async get(version: string): Promise<EvaluationScheme> {
    const scheme = await this.schemes.get(version);
    if (!scheme) throw new NotFoundException(`schemeVersion: no evaluation scheme "${version}"`);
    return scheme;
  }

  /** The named version, or the newest when none is named. */
  async resolve(version: string | undefined): Promise<EvaluationScheme> {
    if (version) return this.get(version);
    const newest = await this.schemes.newest();
    if (!newest) throw new NotFoundException('schemeVersion: no evaluation scheme exists yet');
    return newest;
  }

  /** A new version (validated beyond its shape: weights, grades, bands), recorded in the audit log. */
  async create(request: CreateSchemeRequest, actor: string): Promise<EvaluationScheme> {
    const problems = schemeProblems(request.definition);
    if (problems.length) throw new BadRequestException(problems.map((p) => `definition.${p.replace(/^definition\./, '')}`).join('; '));
    const created = await this.db.transaction(async (tx) => {
      if (!(await this.schemes.insert(tx, request.version, request.definition, actor))) return false;
      await this.audit.add(tx, { actor, action: 'scheme.create', subject: request.version, details: { name: request.definition.name } });
      return true;
    });
    if (!created) throw new ConflictException(`version: evaluation scheme "${request.version}" exists already; a new version needs a new name`);
    return this.get(request.version);
  }

  /** Delete a version no publication has used. */
  async remove(version: string): Promise<void> {
    const outcome = await this.schemes.deleteUnused(version);
    if (outcome === 'missing') throw new NotFoundException(`version: no evaluation scheme "${version}"`);
    if (outcome === 'used') throw new ConflictException(`version: evaluation scheme "${version}" is used by a publication and can never be deleted`);
  }
}
