import { z } from 'zod';
import { INPUT_CRS } from '@gridlens/contracts';
import { type AreaGeometry, type SyntheticRegions, buildSyntheticRegions } from '@gridlens/city-sim';
import { geometryToWgs84 } from '@gridlens/geo';
import { repoPath } from '../db/repo-path';
import { parseSeed, readSeedJson, regionsFile } from './seed-file';

const syntheticFile = z.object({
  synthetic: z.literal(true),
  datum: z.enum(INPUT_CRS),
  cellMetres: z.number().min(10).max(1000).optional(),
  communityCells: z.number().int().min(1).max(30).optional(),
  streetCommunities: z.number().int().min(1).max(30).optional(),
  builtUp: z.array(
    z.object({
      name: z.string().optional(),
      centre: z.tuple([z.number(), z.number()]),
      radiusMetres: z.number().positive(),
    }),
  ),
});

/**
 * The synthetic streets, communities and unit grids of a seed city, from db/seed/regions/<city>/synthetic.json
 * (built-up discs) and the city's district polygons (converted to WGS84 as seedRegions does).
 */
export async function loadSyntheticRegions(city: string): Promise<SyntheticRegions> {
  const dir = repoPath('db', 'seed', 'regions', city);
  const spec = parseSeed(regionsFile, await readSeedJson(`${dir}/regions.json`), `db/seed/regions/${city}/regions.json`);
  const synthetic = parseSeed(syntheticFile, await readSeedJson(`${dir}/synthetic.json`), `db/seed/regions/${city}/synthetic.json`);
  const features = ((await readSeedJson(`${dir}/${spec.districts.file}`)) as { features: { properties: Record<string, unknown> | null; geometry: AreaGeometry }[] }).features;
  const districts = spec.districts.items.map((item) => {
    const feature = features.find((f) => f.properties?.[spec.districts.matchProperty] === item.match);
    if (!feature) throw new Error(`db/seed/regions/${city}: no feature with ${spec.districts.matchProperty} = ${item.match}`);
    return { code: item.code, nameZh: item.nameZh, nameEn: item.nameEn, geometry: geometryToWgs84(feature.geometry, spec.datum) };
  });
  const builtUp = synthetic.builtUp.map((b) => ({
    ...b,
    centre: geometryToWgs84({ type: 'Point', coordinates: b.centre }, synthetic.datum).coordinates as [number, number],
  }));
  return buildSyntheticRegions(districts, builtUp, {
    cellMetres: synthetic.cellMetres,
    communityCells: synthetic.communityCells,
    streetCommunities: synthetic.streetCommunities,
  });
}

