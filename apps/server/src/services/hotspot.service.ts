import { BadRequestException, Inject, Injectable } from '@nestjs/common';
import { cellArea, getHexagonEdgeLengthAvg, gridDisk, latLngToCell, polygonToCells } from 'h3-js';
import { MAX_EMERGING_CELL_STEPS, MAX_HOTSPOT_CELLS, type CountSource, type HotspotCell, type HotspotMethod, type HotspotQuery, type HotspotResponse } from '@gridlens/contracts';
import { confidenceBins, fdrBins, getisOrdGiStar } from '@gridlens/hotspot-stats';
import { HotspotRepository, type StudyRegion } from '../repositories/hotspot.repository';
import type { RawCaseFilter } from '../repositories/rollup.repository';
import { CatalogueService } from './catalogue.service';
import { CellCountService, type CellScheme } from './cell-count.service';
import { utmSrid } from './utm-srid';

/**
 * A study area: its cells' ids, each cell's count, and each cell's neighbours (itself included) by index. With time
 * steps (`edges`), `counts` holds one count per cell and step: cell i, step s at `i * steps + s`.
 */
export interface StudyArea {
  ids: string[];
  counts: Float64Array;
  neighbours: (i: number) => number[];
}

/** Counts per cell (per step with edges) of the query's cases, in a scheme; raw reads may skip cases outside `prefilter`. */
type CellCounter = (scheme: CellScheme, prefilter: RawCaseFilter['bbox']) => Promise<Map<string, number | Float64Array>>;

/** A region's H3 cells of one resolution (in id order), their index, and their disks per k (filled on demand). */
interface StudyCells {
  /** The region's area and box when enumerated: a changed polygon changes them, and the entry is made again. */
  geometry: string;
  ids: string[];
  index: Map<string, number>;
  disks: Map<number, number[][]>;
}

/** Time steps to count in: step s is [edges[s], edges[s + 1]) in epoch ms. Null: one count over the whole window. */
type StepEdges = readonly number[] | null;

/** The study area of a query with its region, projection and method; `area` null before any region exists. */
export interface StudyAreaAnswer {
  area: StudyArea | null;
  /** What the counts were read from. */
  source: CountSource;
  region: string | null;
  srid: number;
  method: HotspotMethod;
}

const METRES_PER_DEGREE = 111_320;

/** A WGS84 box grown by `metres` on every side. */
function grow(b: StudyRegion['bbox'], metres: number): StudyRegion['bbox'] {
  const dLat = metres / METRES_PER_DEGREE;
  const dLon = metres / (METRES_PER_DEGREE * Math.cos((Math.max(Math.abs(b.minLat), Math.abs(b.maxLat)) * Math.PI) / 180));
  return { minLon: b.minLon - dLon, minLat: b.minLat - dLat, maxLon: b.maxLon + dLon, maxLat: b.maxLat + dLat };
}

/** Counts of the study cells (cell i, step s at i * steps + s) from counts keyed by cell; other cells are dropped. */
function studyCounts(n: number, edges: StepEdges, counted: Map<string, number | Float64Array>, indexOf: (cell: string) => number | undefined): Float64Array {
  const steps = edges ? edges.length - 1 : 1;
  const counts = new Float64Array(n * steps);
  for (const [cell, value] of counted) {
    const i = indexOf(cell);
    if (i === undefined) continue;
    if (typeof value === 'number') counts[i] = value;
    else counts.set(value, i * steps);
  }
  return counts;
}

function tooLarge(what: string, hint: string): BadRequestException {
  return new BadRequestException(`study area: ${what}, more than the limit of ${MAX_HOTSPOT_CELLS} cells; ${hint} or a smaller region`);
}

/** With time steps, refuse a study area × steps over the limit before reading any case. */
function checkCellSteps(cells: number, edges: StepEdges): void {
  if (edges && cells * (edges.length - 1) > MAX_EMERGING_CELL_STEPS) {
    throw new BadRequestException(
      `step: ${cells} cells × ${edges.length - 1} steps is more than the limit of ${MAX_EMERGING_CELL_STEPS}; choose a longer step, a shorter period or fewer cells`,
    );
  }
}

/**
 * Getis–Ord Gi* hot and cold spots over a study area of H3 or square cells (the definition is in docs/api.md,
 * the statistics in libs/hotspot-stats).
 */
@Injectable()
export class HotspotService {
  constructor(
    @Inject(HotspotRepository) private readonly repository: HotspotRepository,
    @Inject(CatalogueService) private readonly catalogue: CatalogueService,
    @Inject(CellCountService) private readonly cellCounts: CellCountService,
  ) {}

  private readonly cellCache = new Map<string, StudyCells>();

  async analyse(q: HotspotQuery): Promise<HotspotResponse> {
    if (q.from && q.to && Date.parse(q.from) >= Date.parse(q.to)) throw new BadRequestException('from: must be before to');
    const { area, method, source } = await this.studyArea(q, null);
    if (!area) return { cells: [], n: 0, method, source };
    const { z, p } = getisOrdGiStar(area.counts, area.neighbours);
    const bins = q.fdr ? fdrBins(z, p) : confidenceBins(z, p);
    const cells: HotspotCell[] = area.ids.map((id, i) => ({ id, count: area.counts[i], z: z[i], p: p[i], bin: bins[i] }));
    return { cells, n: cells.length, method, source };
  }

  /** The query's study area and counts (per step of `edges` when given; the emerging hot spot endpoint uses them). */
  async studyArea(q: HotspotQuery, edges: StepEdges): Promise<StudyAreaAnswer> {
    const regionCode = await this.catalogue.regionFilter(q.region);
    const categories = await this.catalogue.expandFilter(q.categories);
    const region = await this.repository.studyRegion(regionCode);
    const city = regionCode ? await this.repository.studyRegion(null) : region;
    // Every case counts in its cell, wherever the study area's region is: the region picks cells, not cases.
    const filter: RawCaseFilter = { from: q.from ? Date.parse(q.from) : null, to: q.to ? Date.parse(q.to) : null, categories, statuses: null, region: null, bbox: null };
    const srid = city ? utmSrid((city.bbox.minLon + city.bbox.maxLon) / 2, (city.bbox.minLat + city.bbox.maxLat) / 2) : 4326;
    const method = this.method(q, region?.code ?? null, srid);
    if (!region) return { area: null, region: null, srid, method, source: 'raw' };
    const counter: CellCounter = async (scheme, prefilter) => {
      const query = { scheme, filter, regionLevel: null, prefilter, source: q.source };
      const counted = edges ? await this.cellCounts.countSteps(query, edges) : await this.cellCounts.count(query);
      source = counted.source;
      return counted.cells;
    };
    let source: CountSource = 'raw';
    const area =
      q.cell === 'h3' ? await this.h3Area(region, q.resolution, q.k, counter, edges) : await this.squareArea(region, q.size, q.k, srid, counter, edges);
    return { area, region: region.code, srid, method, source };
  }

  /** H3 cells of `resolution` whose centre lies inside the region (polygonToCells selects by centre). */
  private async h3Area(region: StudyRegion, resolution: number, k: number, count: CellCounter, edges: StepEdges): Promise<StudyArea> {
    // Refuse early, before enumerating: the region's area over the area of a cell at its centre (H3 cell areas vary
    // slowly over the globe, so this is within a few per cent).
    const { bbox } = region;
    const centreCell = latLngToCell((bbox.minLat + bbox.maxLat) / 2, (bbox.minLon + bbox.maxLon) / 2, resolution);
    const estimate = Math.round(region.areaM2 / cellArea(centreCell, 'm2'));
    if (estimate > MAX_HOTSPOT_CELLS * 1.1) throw tooLarge(`about ${estimate} H3 cells at resolution ${resolution}`, 'choose a coarser resolution');
    const cells = this.studyCells(region, resolution);
    const { ids, index } = cells;
    if (ids.length > MAX_HOTSPOT_CELLS) throw tooLarge(`${ids.length} H3 cells at resolution ${resolution}`, 'choose a coarser resolution');
    checkCellSteps(ids.length, edges);
    // A case in a study cell is within one circumradius (≤ ~1.3 average edges) of a centre inside the region.
    const searchBox = grow(region.bbox, 2 * getHexagonEdgeLengthAvg(resolution, 'm'));
    const counts = studyCounts(ids.length, edges, await count({ kind: 'h3', resolution }, searchBox), (cell) => index.get(cell));
    const lists = this.disks(cells, k);
    return { ids, counts, neighbours: (i: number) => lists[i] };
  }

  /**
   * Each study cell's gridDisk(i, k) within the study area, as indexes (cached with the study area: at resolution 9
   * the city's 54,629 disks took ~0.4 s of gridDisk calls per request). The lists are shared: read, never changed.
   */
  private disks(cells: StudyCells, k: number): number[][] {
    let lists = cells.disks.get(k);
    if (!lists) {
      const { ids, index } = cells;
      lists = ids.map((id) => {
        const out: number[] = [];
        for (const cell of gridDisk(id, k)) {
          const j = index.get(cell);
          if (j !== undefined) out.push(j);
        }
        return out;
      });
      cells.disks.set(k, lists);
    }
    return lists;
  }

  /** Squares of the grid endpoint's layout (UTM `srid`) whose centre lies inside the region; queen contiguity. */
  private async squareArea(
    region: StudyRegion,
    size: number,
    k: number,
    srid: number,
    count: CellCounter,
    edges: StepEdges,
  ): Promise<StudyArea> {
    const range = await this.repository.squareRange(region.code, size, srid);
    const width = range.b1 - range.b0 + 1;
    const boxCells = (range.a1 - range.a0 + 1) * width;
    if (boxCells > MAX_HOTSPOT_CELLS * 4) throw tooLarge(`the region's box spans ${boxCells} squares of ${size} m (over 4 × the limit)`, 'choose larger squares');
    const inside = await this.repository.squaresInside(region.code, size, srid, range);
    const n = inside.a.length;
    if (n > MAX_HOTSPOT_CELLS) throw tooLarge(`${n} squares of ${size} m`, 'choose larger squares');
    checkCellSteps(n, edges);
    const key = (a: number, b: number) => (a - range.a0) * width + (b - range.b0);
    const index = new Map<number, number>();
    const ids: string[] = new Array(n);
    for (let i = 0; i < n; i++) {
      index.set(key(inside.a[i], inside.b[i]), i);
      ids[i] = `s:${inside.a[i]}:${inside.b[i]}`;
    }
    const cellOf = (a: number, b: number) => (a >= range.a0 && a <= range.a1 && b >= range.b0 && b <= range.b1 ? index.get(key(a, b)) : undefined);
    const bbox = grow(region.bbox, 2 * size);
    const counts = studyCounts(n, edges, await count({ kind: 'square', size, srid }, bbox), (cell) => {
      const [a, b] = cell.split(':').map(Number);
      return cellOf(a, b);
    });
    const neighbours = (i: number) => {
      const out: number[] = [];
      const a = inside.a[i];
      const b = inside.b[i];
      for (let da = -k; da <= k; da++) {
        for (let db = -k; db <= k; db++) {
          if (a + da < range.a0 || a + da > range.a1 || b + db < range.b0 || b + db > range.b1) continue;
          const j = index.get(key(a + da, b + db));
          if (j !== undefined) out.push(j);
        }
      }
      return out;
    };
    return { ids, counts, neighbours };
  }

  /**
   * The region's H3 cells of `resolution` (polygonToCells, by centre), in id order. Cached by the region's code, area
   * and box (a changed polygon changes its area): a city's polygon is large and the same study areas come again and again.
   */
  private studyCells(region: StudyRegion, resolution: number): StudyCells {
    const key = `${region.code}:${resolution}`;
    const { minLon, minLat, maxLon, maxLat } = region.bbox;
    const geometry = `${region.areaM2}:${minLon}:${minLat}:${maxLon}:${maxLat}`;
    const hit = this.cellCache.get(key);
    if (hit && hit.geometry === geometry) return hit;
    const set = new Set<string>();
    for (const polygon of region.geometry.coordinates) for (const cell of polygonToCells(polygon, resolution, true)) set.add(cell);
    const ids = [...set].sort();
    const cells: StudyCells = { geometry, ids, index: new Map(ids.map((id, i) => [id, i])), disks: new Map() };
    if (this.cellCache.size >= 32) this.cellCache.delete(this.cellCache.keys().next().value!);
    this.cellCache.set(key, cells);
    return cells;
  }

  /**
   * The method as the answer states it. Its text is Latin-1 only (hence "<=", not the less-than-or-equal sign): one
   * character beyond U+00FF makes V8 widen the whole serialised answer to two bytes per character before it is
   * encoded as UTF-8, which cost 7-15 ms per H3 res 9 answer (5 MB) on this machine.
   */
  private method(q: HotspotQuery, region: string | null, srid: number): HotspotMethod {
    const common = {
      statistic: 'getis-ord-gi-star' as const,
      k: q.k,
      fdr: q.fdr,
      bins: q.fdr
        ? '±3/±2/±1: significant at alpha = 0.01/0.05/0.10 after Benjamini-Hochberg over all n cells (sign of z); 0 otherwise'
        : '±3/±2/±1: two-sided p <= 0.01/0.05/0.10 (sign of z); 0 otherwise',
      region: region ?? '',
    };
    if (q.cell === 'h3') {
      return {
        ...common,
        cell: 'h3',
        resolution: q.resolution,
        weights: `binary: w_ij = 1 when j is in gridDisk(i, ${q.k}) (i included) and in the study area, else 0`,
        studyArea: `every H3 cell of resolution ${q.resolution} whose centre lies inside region ${region ?? '(none)'}, zero-count cells included`,
      };
    }
    return {
      ...common,
      cell: 'square',
      size: q.size,
      srid,
      weights: `binary: w_ij = 1 when j is within ${q.k} rings of i (queen contiguity, |col_j - col_i| <= ${q.k} and |row_j - row_i| <= ${q.k}, i included) and in the study area, else 0`,
      studyArea: `every ${q.size} m square of the grid in EPSG:${srid} (columns floor(x/size), rows floor(y/size)) whose centre (taken to WGS84) lies inside region ${region ?? '(none)'}, zero-count cells included`,
    };
  }
}
