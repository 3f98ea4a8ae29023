import { describe, expect, it } from 'vitest';
import { caseIdOf, eventIdOf, hash64 } from './ids';

describe('ids', () => {
  it('keeps short printable record ids readable and hashes long or non-ASCII ones', () => {
    expect(caseIdOf('nyc311', ' 56923577 ')).toBe('nyc311-56923577');
    const long = caseIdOf('src', 'x'.repeat(80));
    expect(long).toMatch(/^src-h[0-9a-f]{16}$/);
    expect(caseIdOf('src', '案件 1')).toBe(`src-h${hash64('案件 1')}`);
    expect(hash64('a')).not.toBe(hash64('b'));
  });

  it('derives event ids from case, type and instant', () => {
    expect(eventIdOf('nyc311-1', 'closed', 1677642300000)).toBe(`nyc311-1:closed:${(1677642300000).toString(36)}`);
    expect(eventIdOf('c'.repeat(64), 'dispatched', 4102444800000).length).toBeLessThanOrEqual(128);
  });
});
