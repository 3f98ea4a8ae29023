import type { RegionCodes } from '@gridlens/contracts';

/** The region code columns every case-level table carries. */
export interface RegionColumns {
  city_code: string | null;
  district_code: string | null;
  street_code: string | null;
  community_code: string | null;
  grid_code: string | null;
}

export function regionCodesOf(r: RegionColumns): RegionCodes {
  return { city: r.city_code, district: r.district_code, street: r.street_code, community: r.community_code, grid: r.grid_code };
}
