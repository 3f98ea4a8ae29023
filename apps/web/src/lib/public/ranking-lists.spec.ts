import { describe, expect, it } from 'vitest';
import { anySuppressed, bestRows, gradeColor, NO_GRADE, rankedRows, unrankedRows, worstRows } from './ranking-lists';
import { FIXTURE_RANKING, FIXTURE_SCHEME, fixtureRow } from './ranking-fixture';

const codes = (rows: { code: string }[]) => rows.map((r) => r.code);

describe('best and worst lists', () => {
  const rows = FIXTURE_RANKING.rows;

  it('rank order leaves unranked units out', () => {
    expect(codes(rankedRows(rows))).toEqual(['320402', '320404', '320411', '320412', '320413', '320481']);
    expect(codes(unrankedRows(rows))).toEqual(['320499']);
  });

  it('best 3 are the first three places; worst 3 the last three, worst first', () => {
    expect(codes(bestRows(rows))).toEqual(['320402', '320404', '320411']);
    expect(codes(worstRows(rows))).toEqual(['320481', '320413', '320412']);
  });

  it('keeps ties at the cut together', () => {
    const tied = [fixtureRow('a', 1, 90, 'A'), fixtureRow('b', 2, 80, 'B'), fixtureRow('c', 3, 70, 'C'), fixtureRow('d', 3, 70, 'C'), fixtureRow('e', 5, 60, 'C'), fixtureRow('f', 6, 50, 'D'), fixtureRow('g', 6, 50, 'D'), fixtureRow('h', 6, 50, 'D'), fixtureRow('i', 6, 50, 'D')];
    expect(codes(bestRows(tied))).toEqual(['a', 'b', 'c', 'd']);
    expect(codes(worstRows(tied))).toEqual(['i', 'h', 'g', 'f']);
  });

  it('with few units the worst list never repeats the best', () => {
    const four = [fixtureRow('a', 1, 90, 'A'), fixtureRow('b', 2, 80, 'B'), fixtureRow('c', 3, 70, 'C'), fixtureRow('d', 4, 60, 'C')];
    expect(codes(worstRows(four))).toEqual(['d']);
    expect(worstRows(four.slice(0, 2))).toEqual([]);
    expect(bestRows([])).toEqual([]);
  });

  it('notices a suppressed unit', () => {
    expect(anySuppressed(rows)).toBe(true);
    expect(anySuppressed(rows.slice(0, 3))).toBe(false);
  });
});

describe('grade colours', () => {
  const grades = [...FIXTURE_SCHEME.grades].sort((a, b) => b.min - a.min);

  it('run from green (best) to red (worst), grey for none', () => {
    expect(gradeColor('A', grades)).toEqual([26, 152, 80, 255]);
    expect(gradeColor('E', grades)).toEqual([215, 48, 39, 255]);
    expect(new Set(['A', 'B', 'C', 'D', 'E'].map((g) => gradeColor(g, grades).join())).size).toBe(5);
    expect(gradeColor(null, grades)).toBe(NO_GRADE);
    expect(gradeColor('Z', grades)).toBe(NO_GRADE);
  });

  it('spread over the palette for a scheme with three grades', () => {
    const three = [{ grade: '优', min: 85 }, { grade: '良', min: 60 }, { grade: '差', min: 0 }];
    expect(gradeColor('优', three)).toEqual([26, 152, 80, 255]);
    expect(gradeColor('良', three)).toEqual([254, 224, 139, 255]);
    expect(gradeColor('差', three)).toEqual([215, 48, 39, 255]);
  });
});
