export type TimerColour = 'green' | 'yellow' | 'red';

/**
 * The timer colour on every 数字城管 screen: green while used <= 80 % of the budget,
 * yellow up to 100 %, red when over (overdue). Compared as 5*used <= 4*budget so that
 * 80 % is exact for whole minutes.
 */
export function timerColour(used: number, budget: number): TimerColour {
  if (used * 5 <= budget * 4) return 'green';
  if (used <= budget) return 'yellow';
  return 'red';
}
