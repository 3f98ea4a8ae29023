import type { CaseTimer, TimerColour } from '@gridlens/contracts';

/** The 数字城管 timer colour: green while ≤ 80 % of the limit is used, yellow up to 100 %, red past it. */
export function timerColour(usedMinutes: number, budgetMinutes: number): TimerColour {
  if (budgetMinutes <= 0) return usedMinutes > 0 ? 'red' : 'green';
  const share = usedMinutes / budgetMinutes;
  return share <= 0.8 ? 'green' : share <= 1 ? 'yellow' : 'red';
}

/** Minutes as hours and minutes: "3小时20分" / "3 h 20 min"; whole hours drop the minutes, under an hour the hours. */
export function formatMinutes(minutes: number, language: 'zh' | 'en'): string {
  const total = Math.max(0, Math.round(minutes));
  const h = Math.floor(total / 60);
  const m = total % 60;
  const parts: string[] = [];
  if (h) parts.push(language === 'zh' ? `${h}小时` : `${h} h`);
  if (m || !h) parts.push(language === 'zh' ? `${m}分` : `${m} min`);
  return parts.join(language === 'zh' ? '' : ' ');
}

/** "used / budget (share)": e.g. "6小时 / 8小时 (75%)". */
export function formatTimer(timer: Pick<CaseTimer, 'usedMinutes' | 'budgetMinutes'>, language: 'zh' | 'en'): string {
  const share = timer.budgetMinutes > 0 ? `${Math.round((100 * timer.usedMinutes) / timer.budgetMinutes)}%` : '—';
  return `${formatMinutes(timer.usedMinutes, language)} / ${formatMinutes(timer.budgetMinutes, language)} (${share})`;
}
