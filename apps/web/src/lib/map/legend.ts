import type { CaseStatus } from '@gridlens/contracts';

/**
 * Statuses in workflow order, for the points' legend (a copy of the contract's CASE_STATUSES: browser code imports
 * only types from @gridlens/contracts; legend.spec.ts checks they are equal).
 */
export const CASE_STATUSES_ORDER: readonly CaseStatus[] = [
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
];
