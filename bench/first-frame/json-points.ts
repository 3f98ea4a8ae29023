/** The JSON answer of `GET /api/v1/cases` as the objects a JSON-object ScatterplotLayer draws (bench only). */
import type { CasePointsResponse, CaseStatus } from '@gridlens/contracts';
import { STATUS_COLORS, type Rgba } from '../../apps/web/src/lib/map/colors';

/** One case as a JSON-object layer takes it (accessors read `position` and `color`). */
export interface JsonPoint {
  caseId: string;
  status: CaseStatus;
  category: string;
  position: [number, number];
  color: Rgba;
}

export function jsonPointObjects(answer: CasePointsResponse): JsonPoint[] {
  return answer.cases.map((c) => ({ caseId: c.caseId, status: c.status, category: c.category, position: [c.lon, c.lat], color: STATUS_COLORS[c.status] }));
}
