import { CASE_STATUSES } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { STATUS_COLORS } from './colors';
import { CASE_STATUSES_ORDER } from './legend';

describe('points legend', () => {
  it('lists every status of the contract, in its order, each with a colour', () => {
    expect(CASE_STATUSES_ORDER).toEqual(CASE_STATUSES);
    expect(Object.keys(STATUS_COLORS).sort()).toEqual([...CASE_STATUSES].sort());
  });
});
