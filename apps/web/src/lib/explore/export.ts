import type { Feature, FeatureCollection, MultiPolygon, Polygon } from 'geojson';
import { ringAt, type CellTable } from './cell-table';

/**
 * Exports of the cells on the map with their statistics: GeoJSON (one Feature per cell, its polygon, properties
 * id, centre and the statistics the layer has) and CSV (the same, the polygon as WKT). Pure builders; the page
 * downloads their text through a Blob link.
 */

export interface ExportRow {
  id: string;
  geometry: Polygon | MultiPolygon;
  lon: number;
  lat: number;
  /** Statistics in column order; undefined columns are left out of the whole export. */
  values: Partial<Record<ExportColumn, number | string | null>>;
}

/** Columns in the order they are written (only those some row has). */
export const EXPORT_COLUMNS = ['count', 'z', 'p', 'bin', 'pattern', 'hot', 'trend_z', 'count_a', 'count_b', 'change'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

/** The rows of a cell table (every drawn cell). */
export function rowsOfTable(table: CellTable): ExportRow[] {
  const s = table.stats;
  const rows: ExportRow[] = [];
  for (let i = 0; i < table.length; i++) {
    const values: ExportRow['values'] = { count: s.count[i] };
    if (s.z) values.z = s.z[i];
    if (s.p) values.p = s.p[i];
    if (s.bin) values.bin = s.bin[i];
    if (s.pattern) values.pattern = s.pattern[i];
    if (s.hot) values.hot = s.hot[i] > 0 ? 'hot' : s.hot[i] < 0 ? 'cold' : '';
    if (s.trendZ) values.trend_z = s.trendZ[i];
    if (s.countA) values.count_a = s.countA[i];
    if (s.countB) values.count_b = s.countB[i];
    if (s.change) values.change = s.change[i];
    rows.push({ id: s.id[i], geometry: { type: 'Polygon', coordinates: [ringAt(table, i)] }, lon: table.centres[i * 2], lat: table.centres[i * 2 + 1], values });
  }
  return rows;
}

const columnsOf = (rows: readonly ExportRow[]) => EXPORT_COLUMNS.filter((c) => rows.some((r) => r.values[c] !== undefined));

export function toGeoJson(rows: readonly ExportRow[], meta: Record<string, unknown> = {}): FeatureCollection & { metadata?: Record<string, unknown> } {
  const columns = columnsOf(rows);
  const features: Feature[] = rows.map((r) => ({
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: { id: r.id, lon: r.lon, lat: r.lat, ...Object.fromEntries(columns.map((c) => [c, r.values[c] ?? null])) },
  }));
  return { type: 'FeatureCollection', features, ...(Object.keys(meta).length ? { metadata: meta } : {}) };
}

const wktRing = (ring: number[][]) => `(${ring.map(([x, y]) => `${x} ${y}`).join(', ')})`;
export function toWkt(geometry: Polygon | MultiPolygon): string {
  if (geometry.type === 'Polygon') return `POLYGON (${geometry.coordinates.map(wktRing).join(', ')})`;
  return `MULTIPOLYGON (${geometry.coordinates.map((p) => `(${p.map(wktRing).join(', ')})`).join(', ')})`;
}

/** RFC 4180: quote a field holding a comma, quote or line break (quotes doubled). */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(rows: readonly ExportRow[]): string {
  const columns = columnsOf(rows);
  const header = ['id', 'lon', 'lat', ...columns, 'wkt'];
  const lines = [header.join(',')];
  for (const r of rows) lines.push([r.id, r.lon, r.lat, ...columns.map((c) => r.values[c] ?? ''), toWkt(r.geometry)].map(csvField).join(','));
  return `${lines.join('\r\n')}\r\n`;
}
