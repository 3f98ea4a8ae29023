// The demo city as the simulator needs it, read from the database: districts (WGS84 polygons), unit grids (for the
// inspectors' patrols, when the synthetic regions are there) and the category catalogue.
import type { Category } from '@gridlens/contracts';
import type { SimDistrict, SimGrid } from '@gridlens/city-sim';
import type { RegionRepository } from '../repositories/region.repository';
import type { CatalogueService } from './catalogue.service';

export interface DemoCity {
  districts: SimDistrict[];
  grids: SimGrid[];
  catalogue: { categories: Category[] };
}

type Fc = { features: { properties: { code: string; nameZh: string }; geometry: SimDistrict['geometry'] | null }[] };

export async function loadDemoCity(regions: RegionRepository, catalogue: CatalogueService): Promise<DemoCity> {
  let fc = (await regions.featureCollection({ level: 'district' })) as Fc;
  if (fc.features.length === 0) fc = (await regions.featureCollection({ level: 'city' })) as Fc;
  const districts = fc.features
    .filter((f) => f.geometry && (f.geometry.type === 'Polygon' || f.geometry.type === 'MultiPolygon'))
    .map((f) => ({ code: f.properties.code, name: f.properties.nameZh, geometry: f.geometry! }));
  if (districts.length === 0) throw new Error('demo: the database has no district (or city) to place cases in');

  // Grid → community → street → district, through the parents.
  const streetOf = new Map((await regions.list({ level: 'community' })).map((c) => [c.code, c.parent]));
  const districtOf = new Map((await regions.list({ level: 'street' })).map((s) => [s.code, s.parent]));
  const grids: SimGrid[] = [];
  for (const g of await regions.list({ level: 'grid' })) {
    const street = g.parent ? streetOf.get(g.parent) : null;
    const district = street ? districtOf.get(street) : null;
    if (g.parent && street && district) grids.push({ code: g.code, parent: g.parent, street, district, bbox: g.bbox });
  }
  return { districts: weighByGrids(districts, grids), grids, catalogue: { categories: await catalogue.categories() } };
}

/**
 * A district's share of the cases in proportion to its unit grids (its built-up area), so the urban core reports more
 * than a rural county; at least a quarter of the average, so no district is silent. Without grids: all alike.
 */
export function weighByGrids(districts: SimDistrict[], grids: readonly SimGrid[]): SimDistrict[] {
  if (grids.length === 0) return districts;
  const count = new Map<string, number>();
  for (const g of grids) count.set(g.district, (count.get(g.district) ?? 0) + 1);
  const mean = grids.length / districts.length;
  return districts.map((d) => ({ ...d, weight: Math.max(0.25, (count.get(d.code) ?? 0) / mean) }));
}
