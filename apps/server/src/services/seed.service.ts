import { Inject, Injectable, Logger } from '@nestjs/common';
import { z } from 'zod';
import { LIMIT_UNITS, type Category } from '@gridlens/contracts';
import { geometryToWgs84 } from '@gridlens/geo';
import { resolve } from 'node:path';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DATABASE, type Database } from '../db/database';
import { repoPath } from '../db/repo-path';
import { CatalogueRepository } from '../repositories/catalogue.repository';
import { RegionRepository } from '../repositories/region.repository';
import { SettingRepository } from '../repositories/setting.repository';
import { parseSeed, readSeedJson, regionsFile } from './seed-file';
import { loadSyntheticRegions } from './synthetic-regions-file';

const catalogueFile = z.object({
  scheme: z.string(),
  departments: z.array(z.object({ code: z.string(), nameZh: z.string(), nameEn: z.string() })),
  categories: z.array(
    z.object({
      code: z.string(),
      level: z.enum(['family', 'major', 'minor']),
      parent: z.string().nullable(),
      family: z.string(),
      nameZh: z.string(),
      nameEn: z.string(),
      timeLimit: z.object({ amount: z.number().positive(), unit: z.enum(LIMIT_UNITS) }).optional(),
      department: z.string().optional(),
      emergency: z.boolean().optional(),
    }),
  ),
});

interface Feature {
  properties: Record<string, unknown> | null;
  geometry: { type: string; coordinates: unknown };
}

/**
 * First-start data from db/seed: the category catalogue and the seed city's regions. Each seed is
 * applied once (recorded in seed_applied), so a city's later edits are never overwritten.
 */
@Injectable()
export class SeedService {
  private readonly logger = new Logger(SeedService.name);

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CatalogueRepository) private readonly catalogue: CatalogueRepository,
    @Inject(RegionRepository) private readonly regions: RegionRepository,
    @Inject(SettingRepository) private readonly settings: SettingRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async seedAll(): Promise<void> {
    await this.seedCatalogue();
    if (this.config.SEED_REGIONS !== 'none') await this.seedRegions(this.config.SEED_REGIONS);
  }

  async seedCatalogue(): Promise<void> {
    // CATALOGUE_FILE (a city's own catalogue, e.g. db/seed/catalogues/nyc311.json) replaces the bundled one.
    const file = this.config.CATALOGUE_FILE ? resolve(repoPath(), this.config.CATALOGUE_FILE) : repoPath('db', 'seed', 'catalogue.json');
    const data = parseSeed(catalogueFile, await readSeedJson(file), this.config.CATALOGUE_FILE ?? 'db/seed/catalogue.json');
    await this.db.transaction(async (tx) => {
      if (!(await this.settings.claimSeed(tx, `catalogue:${data.scheme}`))) return;
      for (const d of data.departments) await this.catalogue.upsertDepartment(tx, d);
      // Parents before children.
      const order = { family: 0, major: 1, minor: 2 } as const;
      for (const c of [...data.categories].sort((a, b) => order[a.level] - order[b.level])) {
        const category: Category = {
          code: c.code,
          level: c.level,
          parent: c.parent,
          family: c.family,
          nameZh: c.nameZh,
          nameEn: c.nameEn,
          timeLimit: c.timeLimit ?? null,
          department: c.department ?? null,
          emergency: c.emergency ?? false,
        };
        await this.catalogue.upsertCategory(tx, category);
      }
      this.logger.log(`seeded catalogue ${data.scheme}: ${data.departments.length} departments, ${data.categories.length} categories`);
    });
  }

  async seedRegions(city: string): Promise<void> {
    const dir = repoPath('db', 'seed', 'regions', city);
    const spec = parseSeed(regionsFile, await readSeedJson(`${dir}/regions.json`), `db/seed/regions/${city}/regions.json`);
    const outline = (await readSeedJson(`${dir}/${spec.city.file}`)) as { features: Feature[] };
    const districts = (await readSeedJson(`${dir}/${spec.districts.file}`)) as { features: Feature[] };
    await this.db.transaction(async (tx) => {
      if (!(await this.settings.claimSeed(tx, `regions:${city}`))) return;
      const cityGeometry = {
        type: 'MultiPolygon',
        coordinates: outline.features.flatMap((f) => (f.geometry.type === 'MultiPolygon' ? (f.geometry.coordinates as unknown[]) : [f.geometry.coordinates])),
      };
      await this.regions.upsert(tx, {
        code: spec.city.code,
        level: 'city',
        parent: null,
        nameZh: spec.city.nameZh,
        nameEn: spec.city.nameEn,
        synthetic: false,
        geometry: geometryToWgs84(cityGeometry, spec.datum),
      });
      for (const item of spec.districts.items) {
        const feature = districts.features.find((f) => f.properties?.[spec.districts.matchProperty] === item.match);
        if (!feature) throw new Error(`db/seed/regions/${city}: no feature with ${spec.districts.matchProperty} = ${item.match}`);
        await this.regions.upsert(tx, {
          code: item.code,
          level: 'district',
          parent: spec.city.code,
          nameZh: item.nameZh,
          nameEn: item.nameEn,
          synthetic: false,
          geometry: geometryToWgs84(feature.geometry, spec.datum),
        });
      }
      this.logger.log(`seeded regions of ${city}: 1 city, ${spec.districts.items.length} districts (converted from ${spec.datum} to WGS84)`);
    });
  }

  /**
   * The demo city's synthetic streets, communities and unit grids (libs/city-sim buildSyntheticRegions over
   * db/seed/regions/<city>/synthetic.json), all stored with `synthetic = true`. Not part of seedAll(): the demo mode
   * calls it when the demo city starts. Seeds the city's real regions first if needed (their districts are the
   * parents). Applied once (seed_applied `synthetic-regions:<city>`), in one transaction: grids inserted in bulk,
   * communities and streets as the dissolved union of their grids, point-in-polygon pieces for all.
   * Cases already stored are NOT re-placed (their street/community/grid codes stay null): call it before any case
   * exists, as the demo does.
   * @returns whether it was applied now (false when it already had been).
   */
  async seedSyntheticRegions(city: string): Promise<boolean> {
    await this.seedRegions(city);
    const { streets, communities, grids } = await loadSyntheticRegions(city);
    const started = performance.now();
    const applied = await this.db.transaction(async (tx) => {
      if (!(await this.settings.claimSeed(tx, `synthetic-regions:${city}`))) return false;
      await this.regions.insertSyntheticGroups(tx, 'street', streets);
      await this.regions.insertSyntheticGroups(tx, 'community', communities);
      await this.regions.insertSyntheticGrids(tx, grids);
      await this.regions.unionChildren(tx, communities.map((c) => c.code));
      await this.regions.unionChildren(tx, streets.map((s) => s.code));
      await this.regions.rebuildPieces(tx, [...streets, ...communities, ...grids].map((r) => r.code));
      return true;
    });
    if (applied) {
      const ms = Math.round(performance.now() - started);
      this.logger.log(`seeded synthetic regions of ${city}: ${streets.length} streets, ${communities.length} communities, ${grids.length} unit grids in ${ms} ms`);
    }
    return applied;
  }
}

