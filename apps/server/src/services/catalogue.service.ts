import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import type { Category, Department, RegionLevel } from '@gridlens/contracts';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { RegionRepository } from '../repositories/region.repository';

/** Reference data (categories, departments, regions) and the filters that name them. */
@Injectable()
export class CatalogueService {
  constructor(
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
  ) {}

  /** A region filter: null for none; an unknown code is an error naming it. */
  async regionFilter(code: string | null | undefined, field = 'region'): Promise<string | null> {
    return (await this.regionScope(code, field))?.code ?? null;
  }

  /** A region filter with the region's level. */
  async regionScope(code: string | null | undefined, field = 'region'): Promise<{ code: string; level: RegionLevel } | null> {
    if (!code) return null;
    const level = await this.regions.levelOf(code);
    if (!level) throw new BadRequestException(`${field}: unknown region code "${code}"`);
    return { code, level };
  }

  categories(): Promise<Category[]> {
    return this.catalogue.categories();
  }

  departments(): Promise<Department[]> {
    return this.catalogue.departments();
  }

  /**
   * Turn a filter of category codes at any level (family, major, minor) into the minor codes it covers.
   * Unknown codes are an error naming them; no filter means all (null).
   */
  async expandFilter(codes: string[] | undefined, field = 'categories'): Promise<string[] | null> {
    if (!codes || codes.length === 0) return null;
    const known = await this.catalogue.categoriesByCode(codes);
    const unknown = codes.filter((c) => !known.some((k) => k.code === c));
    if (unknown.length) throw new BadRequestException(`${field}: unknown category code(s) ${unknown.join(', ')}`);
    return this.catalogue.minorsUnder(codes);
  }
}
