import type { CaseStatus, EventType } from '@gridlens/contracts';

/**
 * The transition table of a case (documented in docs/api.md, "Workflow").
 * `from` lists the statuses in which the event is allowed; `to` is the status after it
 * ('restore' = the status the case had before it was suspended; 'same' = unchanged).
 */
export interface Transition {
  from: readonly CaseStatus[] | 'new';
  to: CaseStatus | 'restore' | 'same';
}

const OPEN_AFTER_REGISTRATION: readonly CaseStatus[] = ['registered', 'dispatched', 'returned', 'handled', 'checked'];
const OPEN: readonly CaseStatus[] = ['reported', 'verified', ...OPEN_AFTER_REGISTRATION, 'suspended'];

export const TRANSITIONS: Readonly<Record<EventType, Transition>> = {
  /** 信息收集: creates the case. */
  reported: { from: 'new', to: 'reported' },
  /** 核实: an inspector confirms the report on site. */
  verified: { from: ['reported'], to: 'verified' },
  /** 立案: the clock starts. Inspector reports may be registered without a separate verification. */
  registered: { from: ['reported', 'verified'], to: 'registered' },
  /** 派遣, and re-dispatch after a return. */
  dispatched: { from: ['registered', 'returned'], to: 'dispatched' },
  /** 回退: the department sends the case back as not theirs; the centre re-dispatches it. */
  returned: { from: ['dispatched'], to: 'returned' },
  /** 处置 / 处理反馈: the department reports the problem handled. */
  handled: { from: ['dispatched'], to: 'handled' },
  /** 返工: the on-site check failed; back to the department. */
  rework: { from: ['handled'], to: 'dispatched' },
  /** 核查: an inspector confirms the fix on site. */
  checked: { from: ['handled'], to: 'checked' },
  /** 结案. From `registered` directly: 自处理, a problem the inspector fixed on the spot. */
  closed: { from: ['registered', 'handled', 'checked'], to: 'closed' },
  /** 挂账: the clock stops. */
  suspended: { from: OPEN_AFTER_REGISTRATION, to: 'suspended' },
  /** 恢复: the clock runs again, from the status the case had. */
  resumed: { from: ['suspended'], to: 'restore' },
  /** 延期: the deadline moves by the approved amount. */
  extended: { from: [...OPEN_AFTER_REGISTRATION, 'suspended'], to: 'same' },
  /** 作废: the report was invalid. Terminal. */
  voided: { from: OPEN, to: 'voided' },
};

export const TERMINAL_STATUSES: readonly CaseStatus[] = ['closed', 'voided'];

export function isOpen(status: CaseStatus): boolean {
  return !TERMINAL_STATUSES.includes(status);
}
