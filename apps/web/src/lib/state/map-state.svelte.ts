/// <reference types="svelte" />
import type { LiveEvent } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../api/client';
import { latestByCase } from '../map/cases';
import type { LayerKey, MapLayerState } from '../map/layers/build-layers';

/** What the map shows. Large payloads are `$state.raw` (replaced, never mutated); derived data is `$derived`. */
export class MapState {
  regions = $state.raw<RegionFeatureCollection | null>(null);
  /** Live events received so far (replace the array to add: `state.events = [...state.events, ...frame]`). */
  events = $state.raw<LiveEvent[]>([]);
  visible = $state<Record<LayerKey, boolean>>({ boundaries: true, cases: true });
  selectedRegion = $state<string | null>(null);

  /** One point per case, memoised: recomputed only when `events` is replaced. */
  readonly cases = $derived(latestByCase(this.events));

  /** The input of buildLayers(); a new object whenever anything it holds changes. */
  readonly layerState: MapLayerState = $derived({
    regions: this.regions,
    cases: this.cases,
    visible: { boundaries: this.visible.boundaries, cases: this.visible.cases },
    selectedRegion: this.selectedRegion,
  });
}
