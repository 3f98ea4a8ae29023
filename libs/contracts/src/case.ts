/** Vocabulary of a case's life, shared by server, web, simulator and importer. */

export const EVENT_TYPES = [
  'reported',
  'verified',
  'registered',
  'dispatched',
  'handled',
  'checked',
  'closed',
  'returned',
  'rework',
  'suspended',
  'resumed',
  'extended',
  'voided',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export const CASE_SOURCES = ['inspector', 'public', 'video', 'collector', 'hotline', 'other'] as const;
export type CaseSource = (typeof CASE_SOURCES)[number];

/** Datums accepted on the way in; everything is stored in WGS84. */
export const INPUT_CRS = ['wgs84', 'gcj02', 'bd09', 'cgcs2000'] as const;
export type InputCrs = (typeof INPUT_CRS)[number];

export const CASE_STATUSES = [
  'reported',
  'verified',
  'registered',
  'dispatched',
  'returned',
  'handled',
  'checked',
  'suspended',
  'closed',
  'voided',
] as const;
export type CaseStatus = (typeof CASE_STATUSES)[number];

export const REGION_LEVELS = ['city', 'district', 'street', 'community', 'grid'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

export const LIMIT_UNITS = ['working_hours', 'working_days', 'hours'] as const;
export type LimitUnit = (typeof LIMIT_UNITS)[number];

export const ROLES = ['planner', 'leader', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** Region codes of a case at every level of the hierarchy (null where the city has no region at that level). */
export interface RegionCodes {
  city: string | null;
  district: string | null;
  street: string | null;
  community: string | null;
  grid: string | null;
}
