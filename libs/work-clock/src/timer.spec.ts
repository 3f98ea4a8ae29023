import { describe, expect, it } from 'vitest';
import { timerColour } from './timer';

describe('timerColour', () => {
  it('is green up to and including 80 % of the budget', () => {
    expect(timerColour(0, 240)).toBe('green');
    expect(timerColour(192, 240)).toBe('green'); // exactly 80 %
    expect(timerColour(360, 450)).toBe('green'); // exactly 80 % of a working day
    expect(timerColour(0, 0)).toBe('green');
  });

  it('is yellow above 80 % up to and including 100 %', () => {
    expect(timerColour(192.001, 240)).toBe('yellow');
    expect(timerColour(193, 240)).toBe('yellow');
    expect(timerColour(240, 240)).toBe('yellow'); // exactly 100 %
    expect(timerColour(361, 450)).toBe('yellow');
  });

  it('is red over 100 %', () => {
    expect(timerColour(240.001, 240)).toBe('red');
    expect(timerColour(241, 240)).toBe('red');
    expect(timerColour(1, 0)).toBe('red');
  });
});
