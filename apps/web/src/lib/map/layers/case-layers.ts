import type { Layer } from '@deck.gl/core';
import { HeatmapLayer } from '@deck.gl/aggregation-layers';
import { ScatterplotLayer } from '@deck.gl/layers';
import { HEATMAP_COLORS, PULSE_COLOR } from '../colors';
import type { PointLayerData } from '../point-table';
import { pulseAlpha, pulseRadius, type Pulse } from '../pulses';

const CASES_ID = 'case-points';
const PULSES_ID = 'case-pulses';
const HEATMAP_ID = 'case-heatmap';

/** Case points from binary columns (no accessor functions: deck.gl uploads the typed arrays as they are). */
export function caseLayers(points: PointLayerData, pulses: readonly Pulse[], now: number): Layer[] {
  const layers: Layer[] = [
    new ScatterplotLayer({
      id: CASES_ID,
      data: points,
      pickable: true,
      radiusUnits: 'pixels',
      getRadius: 3.5,
      radiusMinPixels: 2,
      stroked: false,
      // Mutated columns get a new `points` object per table version: that is the change deck.gl sees.
      updateTriggers: { getPosition: [points.version], getFillColor: [points.version] },
    }),
  ];
  if (pulses.length) {
    layers.push(
      new ScatterplotLayer<Pulse>({
        id: PULSES_ID,
        data: pulses as Pulse[],
        pickable: false,
        radiusUnits: 'pixels',
        stroked: true,
        filled: false,
        lineWidthUnits: 'pixels',
        getLineWidth: 2,
        getPosition: (p) => [p.lon, p.lat],
        getRadius: (p) => pulseRadius(now - p.startMs),
        getLineColor: (p) => [PULSE_COLOR[0], PULSE_COLOR[1], PULSE_COLOR[2], pulseAlpha(now - p.startMs)],
        updateTriggers: { getRadius: [now], getLineColor: [now] },
      }),
    );
  }
  return layers;
}

/** Density of the same points, aggregated on the GPU from the same position column. */
export function heatmapLayer(points: PointLayerData): Layer {
  return new HeatmapLayer({
    id: HEATMAP_ID,
    data: points.positionsOnly,
    radiusPixels: 30,
    colorRange: HEATMAP_COLORS as [number, number, number][],
    intensity: 1,
    threshold: 0.05,
    getWeight: 1,
    aggregation: 'SUM',
    updateTriggers: { getPosition: [points.version] },
  });
}
