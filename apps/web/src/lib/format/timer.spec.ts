import { describe, expect, it } from 'vitest';
import { formatMinutes, formatTimer, timerColour } from './timer';

describe('case timer formatting', () => {
  it('colours green up to 80 % of the limit, yellow up to 100 %, red past it', () => {
    expect(timerColour(0, 480)).toBe('green');
    expect(timerColour(384, 480)).toBe('green'); // exactly 80 %
    expect(timerColour(385, 480)).toBe('yellow');
    expect(timerColour(480, 480)).toBe('yellow'); // exactly the limit: not yet overdue
    expect(timerColour(481, 480)).toBe('red');
    expect(timerColour(0, 0)).toBe('green');
    expect(timerColour(1, 0)).toBe('red');
  });

  it('writes working time in hours and minutes in both languages', () => {
    expect(formatMinutes(200, 'zh')).toBe('3小时20分');
    expect(formatMinutes(200, 'en')).toBe('3 h 20 min');
    expect(formatMinutes(120, 'en')).toBe('2 h');
    expect(formatMinutes(45, 'zh')).toBe('45分');
    expect(formatMinutes(0, 'en')).toBe('0 min');
    expect(formatMinutes(-5, 'en')).toBe('0 min');
    expect(formatTimer({ usedMinutes: 360, budgetMinutes: 480 }, 'zh')).toBe('6小时 / 8小时 (75%)');
    expect(formatTimer({ usedMinutes: 30, budgetMinutes: 0 }, 'en')).toBe('30 min / 0 min (—)');
  });
});
