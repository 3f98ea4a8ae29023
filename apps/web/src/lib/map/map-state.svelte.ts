/// <reference types="svelte" />
import { language } from '../i18n';
import type { ChoroplethData, HexagonData } from './area-data';
import { regionLabels } from './labels';
import { LAYER_KEYS, type BoundaryLevel, type LayerKey, type MapLayerState } from './layers/build-layers';
import type { PointLayerData } from './point-table';
import type { Pulse } from './pulses';
import type { RegionFeature } from './region-cache';

/** Cell sizes offered by the hexagon control (metres, the hexagon's circumradius as the server takes it). */
export const HEX_SIZES = [250, 500, 1000, 2000] as const;

/** What the map shows. Large payloads are `$state.raw` (replaced, never mutated); derived data is `$derived`. */
export class MapState {
  tileUrl = $state<string | null>(null);
  tileAttribution = $state<string | null>(null);
  boundaries = $state.raw<BoundaryLevel[]>([]);
  /** The districts, for their labels. */
  districts = $state.raw<RegionFeature[]>([]);
  points = $state.raw<PointLayerData | null>(null);
  /** True when the server cut the case points short (more cases than its limit). */
  pointsTruncated = $state(false);
  pointsLoading = $state(false);
  pointsError = $state<string | null>(null);
  pulses = $state.raw<Pulse[]>([]);
  now = $state(0);
  hexagons = $state.raw<HexagonData | null>(null);
  hexSize = $state<number>(1000);
  choropleth = $state.raw<ChoroplethData | null>(null);
  visible = $state<Record<LayerKey, boolean>>({ boundaries: true, cases: true, heatmap: false, hexagons: false, choropleth: false });
  selectedRegion = $state<string | null>(null);
  selectedCell = $state<string | null>(null);

  readonly labels = $derived(regionLabels(this.districts, language.current));

  /** The input of buildLayers(); a new object whenever anything it holds changes. */
  readonly layerState: MapLayerState = $derived({
    tileUrl: this.tileUrl,
    boundaries: this.boundaries,
    labels: this.labels,
    points: this.points,
    pulses: this.pulses,
    now: this.now,
    hexagons: this.hexagons,
    choropleth: this.choropleth,
    visible: Object.fromEntries(LAYER_KEYS.map((k) => [k, this.visible[k]])) as Record<LayerKey, boolean>,
    selectedRegion: this.selectedRegion,
    selectedCell: this.selectedCell,
  });
}
