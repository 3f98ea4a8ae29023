import type { LiveEvent, RegionCountsResponse, RegionLevel } from '@gridlens/contracts';
import type { Table } from 'apache-arrow';
import type { ApiClient, RegionFeatureCollection } from '../api/client';
import type { MapQuery } from '../state/map-query';
import { choroplethData, hexagonData } from './area-data';
import { pointTableFromArrow } from './arrow-points';
import type { MapState } from './map-state.svelte';
import { mergeLiveEvents, pointFilter, pointLayerData, type PointFilter, type PointTable } from './point-table';
import { updatePulses } from './pulses';
import { RegionCache, type RegionFeature } from './region-cache';
import { levelsAtZoom } from './region-levels';
import { bboxParam, type Bbox } from './view-state';

/** Regions asked for per request (per level tile); the server allows up to 20,000. */
const REGION_LIMIT = 5000;

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

/** The part of MapState that MapData writes (a plain object in the specs). */
export type MapSink = Pick<
  MapState,
  'points' | 'pointsTruncated' | 'pointsLoading' | 'pointsError' | 'pulses' | 'now' | 'boundaries' | 'districts' | 'hexagons' | 'choropleth'
>;

/** The API calls MapData makes (ApiClient has them; the specs fake them). */
export type MapApi = Pick<ApiClient, 'casePointsArrow' | 'regionsGeoJson' | 'grid' | 'regionCounts'>;

/**
 * Loads what the map draws into a MapState: case points (Arrow → binary table, live events merged in place),
 * boundaries by zoom (cached per level and tile), grid counts, region counts, and the pulse clock. Every load
 * drops answers overtaken by a newer request. MapView calls these from its effects; nothing here reads props.
 */
export class MapData {

  private table: PointTable | null = null;
  private filter: PointFilter = pointFilter({ status: [], from: '', to: '' });
  private readonly regions: RegionCache;
  private readonly requests = { points: 0, hexagons: 0, counts: 0 };
  private versions = 0;
  private counts: RegionCountsResponse | null = null;
  /** What the drawn choropleth was built from (rebuilt only when either changes). */
  private choroplethInput: { counts: RegionCountsResponse | null; regions: RegionFeatureCollection | null } = { counts: null, regions: null };
  private boundaryLevels: RegionLevel[] = ['district'];
  private frame: number | null = null;
  /** Set when live events changed the points: the grid and region counts are refreshed on the next tick. */
  areasStale = false;

  constructor(
    private readonly api: MapApi,
    readonly state: MapSink,
    private readonly decode: (bytes: Uint8Array) => Promise<Table> = async (bytes) => (await import('apache-arrow')).tableFromIPC(bytes),
  ) {
    this.regions = new RegionCache((level, bbox) =>
      api.regionsGeoJson({ level, bbox: bbox ? bboxParam(bbox) : undefined, limit: String(REGION_LIMIT) }),
    );
  }

  /** The seq the points reflect (null before the first answer). */
  get pointsSeq(): number | null {
    return this.table?.seq ?? null;
  }

  /** The case at a row of the point layer (what a click on a point picked). */
  caseAt(row: number): { caseId: string; category: string; status: string } | null {
    const t = this.table;
    if (!t || row < 0 || row >= t.length) return null;
    return { caseId: t.caseIds[row], category: t.categories[row], status: t.statuses[row] };
  }

  /** Reloads every case point of the scope; events that arrived meanwhile are merged after (seq > the answer's). */
  async loadPoints(query: MapQuery, recentEvents: () => readonly LiveEvent[]): Promise<void> {
    const request = ++this.requests.points;
    this.state.pointsLoading = true;
    try {
      const answer = await this.api.casePointsArrow(query);
      const arrow = await this.decode(answer.bytes);
      if (request !== this.requests.points) return;
      const table = pointTableFromArrow(arrow, answer.seq);
      this.filter = pointFilter(query);
      mergeLiveEvents(table, recentEvents(), this.filter);
      this.table = table;
      this.state.points = pointLayerData(table);
      this.state.pointsTruncated = answer.truncated;
      this.state.pointsError = null;
    } catch (e) {
      if (request === this.requests.points) this.state.pointsError = message(e);
    } finally {
      if (request === this.requests.points) this.state.pointsLoading = false;
    }
  }

  /** Merges a live frame into the points (in place) and rings the new reports. */
  mergeLive(events: readonly LiveEvent[]): void {
    if (!this.table) return;
    const { changed, reported } = mergeLiveEvents(this.table, events, this.filter);
    if (!changed) return;
    this.state.points = pointLayerData(this.table);
    this.areasStale = true;
    if (reported.length) {
      this.state.pulses = updatePulses(this.state.pulses, reported, performance.now());
      this.startPulseClock();
    }
  }

  /** Drives `now` with requestAnimationFrame only while something pulses. */
  private startPulseClock(): void {
    if (this.frame !== null || typeof requestAnimationFrame === 'undefined') return;
    const tick = () => {
      const now = performance.now();
      const pulses = updatePulses(this.state.pulses, [], now);
      if (pulses.length !== this.state.pulses.length) this.state.pulses = pulses;
      this.state.now = now;
      this.frame = pulses.length ? requestAnimationFrame(tick) : null;
    };
    this.frame = requestAnimationFrame(tick);
  }

  stop(): void {
    if (this.frame !== null) cancelAnimationFrame(this.frame);
    this.frame = null;
    this.requests.points += 1;
    this.requests.hexagons += 1;
    this.requests.counts += 1;
  }

  /** Boundaries for a view: the levels its zoom shows, loaded for its area; then the layers' data is replaced. */
  async loadBoundaries(zoom: number, bbox: Bbox): Promise<void> {
    const levels = levelsAtZoom(zoom);
    this.boundaryLevels = levels;
    this.showBoundaries();
    await Promise.all(
      levels.map((level) =>
        this.regions.load(level, bbox).then(
          (added) => added && this.showBoundaries(),
          () => undefined, // a failed tile is asked for again when the view comes back
        ),
      ),
    );
  }

  private showBoundaries(): void {
    const boundaries = this.boundaryLevels.flatMap((level) => {
      const regions = this.regions.collection(level);
      return regions ? [{ level, regions }] : [];
    });
    const same = boundaries.length === this.state.boundaries.length && boundaries.every((b, i) => b.regions === this.state.boundaries[i].regions);
    if (!same) this.state.boundaries = boundaries;
    const districts = this.regions.collection('district');
    if (districts && districts.features !== this.state.districts) this.state.districts = districts.features as RegionFeature[];
    this.showChoropleth();
  }

  /** Case counts per hexagon of `size` metres over the visible area. */
  async loadHexagons(query: MapQuery, size: number, bbox: Bbox): Promise<void> {
    const request = ++this.requests.hexagons;
    try {
      const grid = await this.api.grid(query, 'hex', size, bboxParam(bbox));
      if (request === this.requests.hexagons) this.state.hexagons = hexagonData(grid, ++this.versions);
    } catch {
      // keep the last cells; the next move or tick asks again
    }
  }

  /** Case counts per region of `level`, joined to that level's polygons as they load. */
  async loadChoropleth(query: MapQuery, level: RegionLevel, bbox: Bbox): Promise<void> {
    const request = ++this.requests.counts;
    try {
      const [counts] = await Promise.all([this.api.regionCounts(query, level), this.regions.load(level, bbox).catch(() => false)]);
      if (request !== this.requests.counts) return;
      this.counts = counts;
      this.showChoropleth();
    } catch {
      // keep the last counts
    }
  }

  private showChoropleth(): void {
    const counts = this.counts;
    const regions = counts && this.regions.collection(counts.level);
    if (!counts || !regions || (this.choroplethInput.counts === counts && this.choroplethInput.regions === regions)) return;
    this.choroplethInput = { counts, regions };
    this.state.choropleth = choroplethData(regions, counts, ++this.versions);
  }
}
