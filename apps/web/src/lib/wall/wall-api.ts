/**
 * The wall's few HTTP calls: the scope's region polygons (the dashboard's GET /api/v1/regions?format=geojson) and a
 * leader's acknowledgement of an alert (POST /api/v1/alerts/{id}/ack). Figures never come from here: they are
 * pushed over the socket.
 */
import type { Alert } from '@gridlens/contracts';
import { api, ApiError, type RegionFeatureCollection } from '../api';

/** The city's districts, or a district's streets. */
export function unitPolygons(district: string | null): Promise<RegionFeatureCollection> {
  return district ? api.regionsGeoJson({ level: 'street', parent: district }) : api.regionsGeoJson({ level: 'district' });
}

/** Acknowledge an alert as the signed-in leader; resolves with the alert as acknowledged. */
export async function acknowledgeAlert(id: string, token: string | null, note?: string): Promise<Alert> {
  const response = await fetch(`/api/v1/alerts/${encodeURIComponent(id)}/ack`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(note ? { note } : {}),
  });
  const body = (await response.json().catch(() => null)) as (Alert & { message?: unknown }) | null;
  if (!response.ok) throw new ApiError(response.status, typeof body?.message === 'string' ? body.message : `HTTP ${response.status}`);
  return body as Alert;
}
