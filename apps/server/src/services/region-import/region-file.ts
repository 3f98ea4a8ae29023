import { readFile } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { unzipSync } from 'fflate';
import * as shapefile from 'shapefile';
import { crsOfPrj, parseCrs, type Crs } from '@gridlens/geo';

/** One feature of a boundary file, as read (coordinates in the file's CRS). */
export interface SourceFeature {
  /** 1-based position in the file, for reports. */
  index: number;
  properties: Record<string, unknown>;
  geometry: { type: string; coordinates?: unknown } | null;
}

export interface RegionSource {
  format: 'geojson' | 'shapefile';
  features: SourceFeature[];
  /** The CRS the file states (GeoJSON `crs` member, Shapefile .prj), or null when it states none. */
  crs: Crs | null;
  /** Where that CRS came from, for the report. */
  crsSource: string | null;
}

/** A boundary file that cannot be read; its message names the file and what is wrong. */
export class RegionFileError extends Error {}

const SHAPEFILE_PARTS = ['.shp', '.dbf', '.prj', '.cpg'] as const;
type ShapefileParts = Partial<Record<(typeof SHAPEFILE_PARTS)[number], Uint8Array>>;

/** Read a boundary file from disk: .geojson/.json, .shp (with its .dbf, .prj, .cpg beside it) or a .zip of a Shapefile. */
export async function readRegionFile(path: string, encoding?: string): Promise<RegionSource> {
  const ext = extname(path).toLowerCase();
  const data = await readFile(path).catch((error: NodeJS.ErrnoException) => {
    throw new RegionFileError(`${path}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
  });
  if (ext !== '.shp') return readRegionBuffer(basename(path), data, encoding);
  const parts: ShapefileParts = { '.shp': data };
  const stem = path.slice(0, -ext.length);
  for (const part of ['.dbf', '.prj', '.cpg'] as const) {
    for (const candidate of [stem + part, stem + part.toUpperCase()]) {
      const bytes = await readFile(candidate).catch(() => null);
      if (bytes) {
        parts[part] = bytes;
        break;
      }
    }
  }
  return readShapefile(basename(path), parts, encoding);
}

/** Read a boundary file given as bytes (an upload): GeoJSON, or a .zip holding one Shapefile. */
export async function readRegionBuffer(name: string, data: Uint8Array, encoding?: string): Promise<RegionSource> {
  const ext = extname(name).toLowerCase();
  if (ext === '.zip' || (data[0] === 0x50 && data[1] === 0x4b)) return readShapefile(name, unzipShapefile(name, data), encoding);
  if (ext === '.shp') throw new RegionFileError(`${name}: a Shapefile needs its .dbf beside it: upload a .zip of the .shp, .dbf and .prj`);
  return readGeoJson(name, data);
}

function unzipShapefile(name: string, data: Uint8Array): ShapefileParts {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(data);
  } catch (error) {
    throw new RegionFileError(`${name}: not a readable zip file (${(error as Error).message})`);
  }
  const files = Object.keys(entries).filter((f) => !f.startsWith('__MACOSX/') && !f.endsWith('/'));
  const shps = files.filter((f) => f.toLowerCase().endsWith('.shp'));
  if (shps.length !== 1) {
    throw new RegionFileError(`${name}: expected one .shp in the zip, found ${shps.length ? shps.join(', ') : 'none'}`);
  }
  const stem = shps[0].slice(0, -4);
  const parts: ShapefileParts = {};
  for (const part of SHAPEFILE_PARTS) {
    const file = files.find((f) => f.toLowerCase() === (stem + part).toLowerCase());
    if (file) parts[part] = entries[file];
  }
  return parts;
}

async function readShapefile(name: string, parts: ShapefileParts, encoding?: string): Promise<RegionSource> {
  if (!parts['.shp']) throw new RegionFileError(`${name}: no .shp`);
  if (!parts['.dbf']) throw new RegionFileError(`${name}: the .dbf (the attributes: names and codes) is missing beside the .shp`);
  const cpg = parts['.cpg'] ? new TextDecoder().decode(parts['.cpg']).trim() : '';
  const dbfEncoding = encoding ?? (cpg || 'utf-8');
  try {
    new TextDecoder(dbfEncoding);
  } catch {
    throw new RegionFileError(`${name}: unknown text encoding "${dbfEncoding}" for the .dbf`);
  }
  const features: SourceFeature[] = [];
  try {
    const source = await shapefile.open(toArrayBuffer(parts['.shp']), toArrayBuffer(parts['.dbf']), { encoding: dbfEncoding });
    for (let r = await source.read(); !r.done; r = await source.read()) {
      features.push({ index: features.length + 1, properties: (r.value.properties ?? {}) as Record<string, unknown>, geometry: r.value.geometry });
    }
  } catch (error) {
    throw new RegionFileError(`${name}: not a readable Shapefile (${(error as Error).message})`);
  }
  const prj = parts['.prj'] ? new TextDecoder().decode(parts['.prj']) : null;
  let crs: Crs | null = null;
  if (prj) {
    try {
      crs = crsOfPrj(prj);
    } catch (error) {
      throw new RegionFileError(`${name}: cannot use the projection in the .prj (${(error as Error).message}); give --crs`);
    }
  }
  return { format: 'shapefile', features, crs, crsSource: prj ? '.prj' : null };
}

function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

function readGeoJson(name: string, data: Uint8Array): RegionSource {
  let doc: { type?: string; features?: unknown[]; geometry?: unknown; properties?: unknown; crs?: { properties?: { name?: string } } };
  try {
    doc = JSON.parse(new TextDecoder().decode(data).replace(/^\uFEFF/, ''));
  } catch (error) {
    throw new RegionFileError(`${name}: not valid JSON (${(error as Error).message})`);
  }
  const raw = doc?.type === 'FeatureCollection' && Array.isArray(doc.features) ? doc.features : doc?.type === 'Feature' ? [doc] : null;
  if (!raw) throw new RegionFileError(`${name}: expected a GeoJSON FeatureCollection or Feature`);
  const features = raw.map((f, i) => {
    const feature = (f ?? {}) as { properties?: Record<string, unknown> | null; geometry?: SourceFeature['geometry'] };
    return { index: i + 1, properties: feature.properties ?? {}, geometry: feature.geometry ?? null };
  });
  // RFC 7946 GeoJSON is WGS84; the obsolete (2008) `crs` member still appears in exports, e.g. "urn:ogc:def:crs:EPSG::2263".
  const stated = doc.crs?.properties?.name;
  let crs: Crs | null = null;
  if (stated) {
    if (/CRS84$/i.test(stated)) crs = parseCrs('wgs84');
    else {
      const code = /EPSG:{1,2}(\d+)$/i.exec(stated)?.[1];
      if (!code) throw new RegionFileError(`${name}: cannot read its "crs" member "${stated}": give --crs`);
      try {
        crs = parseCrs(`EPSG:${code}`);
      } catch (error) {
        throw new RegionFileError(`${name}: ${(error as Error).message}`);
      }
    }
  }
  return { format: 'geojson', features, crs, crsSource: stated ? 'the GeoJSON "crs" member' : null };
}
