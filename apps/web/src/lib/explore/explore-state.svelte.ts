/// <reference types="svelte" />
import type { HotspotMethod, EmergingMethod } from '@gridlens/contracts';
import { tableFromIPC } from 'apache-arrow';
import type { ApiClient, RegionFeatureCollection } from '../api/client';
import { pointTableFromArrow } from '../map/arrow-points';
import { colorOfCount, countClasses, type CountClass } from '../map/color-scale';
import { pointLayerData, type PointLayerData } from '../map/point-table';
import { emergingFromArrow, gridFromArrow, hotspotsFromArrow, regionCountsFromArrow, type GridAnswer, type RegionCountsAnswer } from './arrow-answers';
import { cellTable, type CellGeometry, type CellTable } from './cell-table';
import { changeStats, maxAbsChange } from './compare';
import { changeClasses, colorOfBin, colorOfChange, colorOfPattern, type ChangeClass } from './explore-colors';
import { LatestLoader } from './latest-loader';
import { regionTable, type RegionTable } from './region-table';
import { emergingUrl, gridUrl, hotspotsUrl, pointsUrl, regionCountsUrl, shownDays } from './requests';
import type { ExploreView } from './url-state';

/** What the area layer currently draws, for its legend and the page's data-* attributes. */
export type AreaKind = 'counts' | 'hotspots' | 'emerging' | 'change' | 'regions' | null;

const geometryOfGrid = (g: GridAnswer): CellGeometry => (g.cell === 'h3' ? { kind: 'h3' } : { kind: g.cell, size: g.size ?? undefined, srid: g.srid });
const geometryOfMethod = (m: HotspotMethod): CellGeometry => (m.cell === 'h3' ? { kind: 'h3' } : { kind: 'square', size: m.size, srid: m.srid });

/**
 * The explorer's map data: one LatestLoader per layer (one request in flight, newest wins, answers cached by URL),
 * each answer turned once into a CellTable / RegionTable / point columns for deck.gl. `sync(view)` asks every
 * visible layer for the view's URL; nothing else starts a request.
 */
export class ExploreData {
  cells = $state.raw<CellTable | null>(null);
  regions = $state.raw<RegionTable | null>(null);
  points = $state.raw<PointLayerData | null>(null);
  /** Case ids of the drawn points, by row (a click on a point gives its row). */
  pointIds: readonly string[] = [];
  area = $state<AreaKind>(null);
  method = $state.raw<HotspotMethod | EmergingMethod | null>(null);
  n = $state(0);
  countClasses = $state.raw<CountClass[]>([]);
  changeClasses = $state.raw<ChangeClass[]>([]);
  patterns = $state.raw<ReadonlySet<string>>(new Set());
  bins = $state.raw<ReadonlySet<number>>(new Set());
  /** The URL whose answer is drawn, per layer (tests wait on it). */
  drawnUrl = $state<string | null>(null);
  pointsUrl = $state<string | null>(null);
  busy = $state(false);
  error = $state<string | null>(null);
  /** Requests sent by all loaders (a storm shows here). */
  requests = $state(0);

  private version = 0;
  private readonly busyBy = new Map<string, boolean>();
  private readonly regionShapes = new Map<string, Promise<RegionFeatureCollection>>();
  private readonly loaders;

  constructor(private readonly api: Pick<ApiClient, 'getArrow' | 'regionsGeoJson'>) {
    const arrow = <T>(name: string, decode: (bytes: Uint8Array) => T, onresult: (url: string, value: T) => void) =>
      new LatestLoader<T>(async (url) => decode(await this.api.getArrow(url)), {
        onresult: (url, value) => {
          this.error = null;
          // the answer drawn already (a cached one asked for again): keep its table, nothing to rebuild
          if (url !== this.drawnUrl) onresult(url, value);
        },
        onerror: (_url, e) => (this.error = e instanceof Error ? e.message : String(e)),
        onbusy: (busy) => this.setBusy(name, busy),
      });
    this.loaders = {
      grid: arrow('grid', gridFromArrow, (url, g) => this.showGrid(url, g)),
      hotspots: arrow('hotspots', hotspotsFromArrow, (url, h) => this.showHotspots(url, h)),
      emerging: arrow('emerging', emergingFromArrow, (url, e) => this.showEmerging(url, e)),
      regions: arrow('regions', (bytes) => bytes, () => undefined),
      compare: new LatestLoader<[GridAnswer, GridAnswer]>(
        async (key) => {
          const [a, b] = key.split('|');
          return Promise.all([gridFromArrow(await this.api.getArrow(a)), gridFromArrow(await this.api.getArrow(b))]);
        },
        { onresult: (url, [a, b]) => url !== this.drawnUrl && this.showChange(url, a, b), onerror: (_u, e) => (this.error = String(e)), onbusy: (b) => this.setBusy('compare', b) },
      ),
      regionCounts: new LatestLoader<{ counts: RegionCountsAnswer; countsA: RegionCountsAnswer | null; shapes: RegionFeatureCollection }>(
        async (key) => {
          const [url, urlA, level] = key.split('|');
          const [counts, countsA, shapes] = await Promise.all([
            this.api.getArrow(url).then(regionCountsFromArrow),
            urlA ? this.api.getArrow(urlA).then(regionCountsFromArrow) : Promise.resolve(null),
            this.shapes(level),
          ]);
          return { counts, countsA, shapes };
        },
        { onresult: (url, r) => url !== this.drawnUrl && this.showRegions(url, r), onerror: (_u, e) => (this.error = String(e)), onbusy: (b) => this.setBusy('regionCounts', b) },
      ),
      points: new LatestLoader<{ data: PointLayerData; ids: string[] }>(async (url) => {
        const table = pointTableFromArrow(tableFromIPC(await this.api.getArrow(url)), 0);
        return { data: pointLayerData(table), ids: table.caseIds };
      }, {
        onresult: (url, p) => {
          if (url === this.pointsUrl) return;
          this.points = p.data;
          this.pointIds = p.ids;
          this.pointsUrl = url;
        },
        onerror: (_u, e) => (this.error = String(e)),
        onbusy: (b) => this.setBusy('points', b),
      }),
    };
  }

  /** Ask each visible layer for what `view` shows (cached answers draw at once). */
  sync(view: ExploreView, timeZone: string): void {
    const { grid, compare } = this.loaders;
    const area = this.loaders;
    const days = shownDays(view);
    const wanted: (keyof typeof area)[] = [];
    if (view.compare && (view.grid === 'h3' || view.grid === 'square' || view.grid === 'none' || view.grid === 'hotspots' || view.grid === 'emerging')) {
      const cell = view.grid === 'square' || ((view.grid === 'hotspots' || view.grid === 'emerging') && view.cell === 'square') ? 'square' : 'h3';
      compare.request(`${gridUrl(view, cell, view.compare.a, timeZone)}|${gridUrl(view, cell, view.compare.b, timeZone)}`);
      wanted.push('compare');
    } else if (view.grid === 'region') {
      const urlA = view.compare ? regionCountsUrl(view, view.compare.a, timeZone) : '';
      const url = regionCountsUrl(view, view.compare ? view.compare.b : days, timeZone);
      area.regionCounts.request(`${url}|${urlA}|${view.level}`);
      wanted.push('regionCounts');
    } else if (view.grid === 'h3' || view.grid === 'square') {
      grid.request(gridUrl(view, view.grid, days, timeZone));
      wanted.push('grid');
    } else if (view.grid === 'hotspots') {
      area.hotspots.request(hotspotsUrl(view, timeZone));
      wanted.push('hotspots');
    } else if (view.grid === 'emerging') {
      area.emerging.request(emergingUrl(view, timeZone));
      wanted.push('emerging');
    }
    for (const name of ['grid', 'hotspots', 'emerging', 'compare', 'regionCounts'] as const) if (!wanted.includes(name)) area[name].cancel();
    if (wanted.length === 0) this.clearArea();
    if (view.points || view.heatmap) area.points.request(pointsUrl(view, timeZone));
    else {
      area.points.cancel();
      this.points = null;
      this.pointsUrl = null;
    }
    this.requests = Object.values(area).reduce((n, l) => n + l.requests, 0);
  }

  private shapes(level: string): Promise<RegionFeatureCollection> {
    let shapes = this.regionShapes.get(level);
    if (!shapes) {
      shapes = this.api.regionsGeoJson({ level: level as never, limit: '20000' });
      shapes.catch(() => this.regionShapes.delete(level));
      this.regionShapes.set(level, shapes);
    }
    return shapes;
  }

  private setBusy(name: string, busy: boolean) {
    this.busyBy.set(name, busy);
    this.busy = [...this.busyBy.values()].some(Boolean);
    this.requests = Object.values(this.loaders ?? {}).reduce((n, l) => n + l.requests, 0);
  }

  private clearArea() {
    this.cells = null;
    this.regions = null;
    this.area = null;
    this.method = null;
    this.drawnUrl = null;
  }

  private showTable(url: string, table: CellTable | null, kind: AreaKind) {
    this.cells = table;
    this.regions = null;
    this.area = kind;
    this.drawnUrl = url;
  }

  private showGrid(url: string, g: GridAnswer) {
    let max = 0;
    for (const c of g.count) max = Math.max(max, c);
    const classes = countClasses(max);
    this.countClasses = classes;
    this.method = null;
    this.showTable(url, cellTable(g, geometryOfGrid(g), (i) => colorOfCount(g.count[i], classes), (i) => g.count[i] > 0, ++this.version), 'counts');
  }

  private showHotspots(url: string, h: ReturnType<typeof hotspotsFromArrow>) {
    this.method = h.method;
    this.n = h.n;
    this.bins = new Set(h.bin);
    this.showTable(url, cellTable(h, geometryOfMethod(h.method), (i) => colorOfBin(h.bin[i]), (i) => h.count[i] > 0 || h.bin[i] !== 0, ++this.version), 'hotspots');
  }

  private showEmerging(url: string, e: ReturnType<typeof emergingFromArrow>) {
    this.method = e.method;
    this.n = e.n;
    this.patterns = new Set(e.pattern.filter((p) => p !== 'none'));
    this.showTable(url, cellTable(e, geometryOfMethod(e.method), (i) => colorOfPattern(e.pattern[i], e.hot[i]), (i) => e.pattern[i] !== 'none', ++this.version), 'emerging');
  }

  private showChange(url: string, a: GridAnswer, b: GridAnswer) {
    const stats = changeStats(a, b);
    const classes = changeClasses(maxAbsChange(stats.change));
    this.changeClasses = classes;
    this.method = null;
    this.showTable(url, cellTable(stats, geometryOfGrid(b.id.length ? b : a), (i) => colorOfChange(stats.change[i], classes), (i) => stats.countA[i] > 0 || stats.countB[i] > 0, ++this.version), 'change');
  }

  private showRegions(url: string, r: { counts: RegionCountsAnswer; countsA: RegionCountsAnswer | null; shapes: RegionFeatureCollection }) {
    const toMap = (c: RegionCountsAnswer) => new Map(c.id.map((id, i) => [id, c.count[i]]));
    const table = regionTable(r.shapes, r.counts.level, toMap(r.counts), ++this.version, r.countsA ? toMap(r.countsA) : undefined);
    this.cells = null;
    this.regions = table;
    this.countClasses = table.countClasses;
    this.changeClasses = table.changeClasses;
    this.method = null;
    this.area = r.countsA ? 'change' : 'regions';
    this.drawnUrl = url;
  }
}
