/**
 * The wall's map as a pure function of its state: the scope's units (districts of the city, streets of a
 * district) filled by the indicator chosen on the wall, their names and values, the live case points of this
 * session and a pulsing ring for each new report. Stable ids and explicit updateTriggers, as lib/map does.
 */
import type { Layer } from '@deck.gl/core';
import { GeoJsonLayer, ScatterplotLayer, TextLayer } from '@deck.gl/layers';
import type { WallUnitFigures } from '@gridlens/contracts';
import type { RegionFeatureCollection } from '../api/client';
import { labelPoint } from '../map/labels';
import { pulseAlpha, pulseRadius, type Pulse } from '../map/pulses';
import type { RegionFeature } from '../map/region-cache';
import { indicatorColour, type IndicatorKind, type Rgba } from './colour-scales';

export const WALL_INDICATORS = ['reportedToday', 'overdueNow', 'closureRateMonth', 'onTimeClosureRateMonth'] as const;
export type WallIndicator = (typeof WALL_INDICATORS)[number];

export const INDICATOR_KIND: Record<WallIndicator, IndicatorKind> = {
  reportedToday: 'count',
  overdueNow: 'count',
  closureRateMonth: 'rate',
  onTimeClosureRateMonth: 'rate',
};

export function isWallIndicator(value: unknown): value is WallIndicator {
  return (WALL_INDICATORS as readonly unknown[]).includes(value);
}

/** A unit's value of the indicator (rates: null without a denominator). */
export function indicatorValue(unit: WallUnitFigures, indicator: WallIndicator): number | null {
  switch (indicator) {
    case 'reportedToday':
      return unit.reportedToday;
    case 'overdueNow':
      return unit.overdueNow;
    case 'closureRateMonth':
      return unit.closureRateMonth.value;
    case 'onTimeClosureRateMonth':
      return unit.onTimeClosureRateMonth.value;
  }
}

/** The largest value among the units (0 when none): the top of a count scale. */
export function indicatorMax(units: readonly WallUnitFigures[], indicator: WallIndicator): number {
  let max = 0;
  for (const u of units) max = Math.max(max, indicatorValue(u, indicator) ?? 0);
  return max;
}

/** A unit's name on the map: without its parent's name in front ("天宁区 第07街道（模拟）" → "第07街道（模拟）"). */
export function shortUnitName(name: string, parentName: string | null): string {
  if (!parentName || !name.startsWith(parentName)) return name;
  const rest = name.slice(parentName.length).trim();
  return rest || name;
}

/** A live case point: where, and its colour (new reports red, closures green, others amber). */
export interface WallPoint {
  caseId: string;
  lon: number;
  lat: number;
  colour: Rgba;
}

export interface WallMapState {
  units: RegionFeatureCollection | null;
  figures: readonly WallUnitFigures[];
  indicator: WallIndicator;
  /** Text of each unit's label: name and formatted value. */
  labelText: (code: string, name: string) => string;
  points: readonly WallPoint[];
  pulses: readonly Pulse[];
  /** performance.now() of the frame (drives the pulses). */
  now: number;
  /** Pixels per "wall unit": labels, points and rings grow with the screen (1 at 1080p, 2 at 4K). */
  scale: number;
  /** Label size in wall units (districts are few and large; streets many and small). */
  labelSize: number;
  /** Bumped when `points` changes (its array is replaced, so identity would do; kept explicit). */
  pointsVersion: number;
}

const LINE: Rgba = [191, 219, 254, 230];

export function buildWallLayers(state: WallMapState): Layer[] {
  const byCode = new Map(state.figures.map((f) => [f.code, f]));
  const kind = INDICATOR_KIND[state.indicator];
  const max = indicatorMax(state.figures, state.indicator);
  const fill = (f: RegionFeature): Rgba => {
    const unit = byCode.get(String(f.properties.code));
    return indicatorColour(kind, unit ? indicatorValue(unit, state.indicator) : null, max);
  };
  const figuresKey = state.figures.map((f) => `${f.code}:${indicatorValue(f, state.indicator)}`).join(',');
  const layers: Layer[] = [];
  if (state.units) {
    const features = state.units.features as RegionFeature[];
    layers.push(
      new GeoJsonLayer({
        id: 'wall-units',
        data: state.units,
        filled: true,
        stroked: true,
        pickable: true,
        getFillColor: (f) => fill(f as RegionFeature),
        getLineColor: LINE,
        lineWidthUnits: 'pixels',
        getLineWidth: 1.5 * state.scale,
        updateTriggers: { getFillColor: [state.indicator, figuresKey], getLineWidth: state.scale },
      }),
      new TextLayer<RegionFeature>({
        id: 'wall-unit-labels',
        data: features,
        characterSet: 'auto',
        fontFamily: '"Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", "Source Han Sans SC", sans-serif',
        fontSettings: { sdf: true },
        outlineWidth: 2,
        outlineColor: [11, 18, 32, 255],
        getPosition: (f) => labelPoint(f),
        getText: (f) => state.labelText(String(f.properties.code), String(f.properties.nameZh ?? f.properties.code)),
        getSize: state.labelSize * state.scale,
        getColor: [241, 245, 249, 255],
        pickable: false,
        updateTriggers: { getText: [state.indicator, figuresKey, state.labelText], getSize: [state.scale, state.labelSize] },
      }),
    );
  }
  layers.push(
    new ScatterplotLayer<WallPoint>({
      id: 'wall-points',
      data: state.points as WallPoint[],
      radiusUnits: 'pixels',
      getPosition: (p) => [p.lon, p.lat],
      getRadius: 2.5 * state.scale,
      getFillColor: (p) => p.colour,
      pickable: false,
      updateTriggers: { getRadius: state.scale, getFillColor: state.pointsVersion },
    }),
    new ScatterplotLayer<Pulse>({
      id: 'wall-pulses',
      data: state.pulses as Pulse[],
      radiusUnits: 'pixels',
      stroked: true,
      filled: false,
      lineWidthUnits: 'pixels',
      getLineWidth: 2 * state.scale,
      getPosition: (p) => [p.lon, p.lat],
      getRadius: (p) => pulseRadius(state.now - p.startMs) * state.scale,
      getLineColor: (p) => [248, 113, 113, pulseAlpha(state.now - p.startMs)],
      pickable: false,
      updateTriggers: { getRadius: [state.now, state.scale], getLineColor: state.now, getLineWidth: state.scale },
    }),
  );
  return layers;
}
