/**
 * The wall's few HTTP calls: the scope's region polygons (the dashboard's GET /api/v1/regions?format=geojson) and a
 * leader's acknowledgement of an alert (POST /api/v1/alerts/{id}/ack). Figures never come from here: they are
 * pushed over the socket.
 */
import type { Alert } from '@gridlens/contracts';
import { api, ApiError, type RegionFeatureCollection } from '../api';

/** The city's districts, or a district's streets (the district's own outline when the city has no streets there). */
export async function unitPolygons(district: string | null): Promise<RegionFeatureCollection> {
  if (!district) return api.regionsGeoJson({ level: 'district' });
  const streets = await api.regionsGeoJson({ level: 'street', parent: district });
  if (streets.features.length) return streets;
  const districts = await api.regionsGeoJson({ level: 'district' });
  return { ...districts, features: districts.features.filter((f) => f.properties.code === district) };
}

/** Open alerts when the wall opens (later ones arrive as `alerts` frames); none when the server has no alerts API. */
export async function openAlerts(): Promise<Alert[]> {
  try {
    return (await api.getJson<{ alerts: Alert[] }>('/api/v1/alerts?state=open&limit=50')).alerts;
  } catch {
    return [];
  }
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
