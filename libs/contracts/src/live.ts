import { z } from 'zod';
import type { CaseStatus, EventType, RegionCodes } from './case';
import { isoInstant, type KpiSnapshot } from './kpi';
import type { DepartmentView, WallSnapshot, WatchWallAck, WatchWallRequest } from './wall';
import type { AlertsFrame } from './alerts';

/** socket.io namespace of the live stream. */
export const LIVE_NAMESPACE = '/live';
/** The server emits `events` frames at most this often per client. */
export const LIVE_FRAME_INTERVAL_MS = 250;


/**
 * `from`/`to` set the window of the subscription's `kpis` frames (as GET /api/v1/kpis takes them; default: today in
 * the city). They do not filter the `events` frames: every event in the region and categories is streamed.
 */
export const subscribeSchema = z
  .object({
    region: z.string().min(1).max(64).optional(),
    categories: z.array(z.string().min(1).max(64)).max(200).optional(),
    since: z.number().int().min(0).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .refine((s) => !s.from || !s.to || Date.parse(s.from) < Date.parse(s.to), { error: 'from must be before to', path: ['from'] });
export type LiveSubscription = z.infer<typeof subscribeSchema>;

export type SubscribeAck = { ok: true; seq: number } | { ok: false; error: string };

/** One applied event as the stream carries it. */
export interface LiveEvent {
  seq: number;
  eventId: string;
  caseId: string;
  type: EventType;
  at: string;
  category: string;
  lon: number;
  lat: number;
  regions: RegionCodes;
  status: CaseStatus;
}

export interface ServerToClientEvents {
  events: (events: LiveEvent[]) => void;
  kpis: (snapshot: KpiSnapshot) => void;
  /** Alerts new or updated, for the subscription's scope (see alerts.ts). */
  alerts: (alerts: AlertsFrame) => void;
  /** The watched wall scope (`watchWall`), equal to GET /api/v1/wall at the frame's seq and asOf. */
  wall: (snapshot: WallSnapshot) => void;
  /** The watched `department:<code>` scope, equal to GET /api/v1/departments/{code}/view at its seq and asOf. */
  departmentView: (view: DepartmentView) => void;
}

export interface ClientToServerEvents {
  subscribe: (subscription: LiveSubscription, ack: (result: SubscribeAck) => void) => void;
  /** Watch a wall scope (independent of `subscribe`); see libs/contracts/src/wall.ts. */
  watchWall: (request: WatchWallRequest, ack: (result: WatchWallAck) => void) => void;
}
