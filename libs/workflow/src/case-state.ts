import type { CaseSource, CaseStatus, ExtendBy, RegionCodes } from '@gridlens/contracts';

/** A completed suspension [start, end] in epoch ms. */
export type SuspensionSpan = [number, number];

/** The current state of a case, as the workflow sees it. Times are epoch ms. */
export interface CaseState {
  caseId: string;
  category: string;
  source: CaseSource;
  description: string | null;
  reporterId: string | null;
  lon: number;
  lat: number;
  regions: RegionCodes;
  status: CaseStatus;
  statusBeforeSuspend: CaseStatus | null;
  department: string | null;
  reportedAt: number;
  verifiedAt: number | null;
  registeredAt: number | null;
  firstDispatchedAt: number | null;
  lastDispatchedAt: number | null;
  handledAt: number | null;
  checkedAt: number | null;
  closedAt: number | null;
  voidedAt: number | null;
  suspendedSince: number | null;
  suspensions: SuspensionSpan[];
  extensions: ExtendBy[];
  dispatchCount: number;
  returnCount: number;
  reworkCount: number;
  deadline: number | null;
  closedOnTime: boolean | null;
  lastEventAt: number;
}
