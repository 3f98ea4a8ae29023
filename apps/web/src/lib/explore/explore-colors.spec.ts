import { EMERGING_PATTERNS } from '@gridlens/contracts';
import { describe, expect, it } from 'vitest';
import { binLegend, changeClasses, colorOfBin, colorOfChange, colorOfPattern, patternLegend } from './explore-colors';

describe('Gi* bin colours and legend', () => {
  it('diverge hot (red) to cold (blue), darker for higher confidence', () => {
    const hot3 = colorOfBin(3);
    const cold3 = colorOfBin(-3);
    expect(hot3[0]).toBeGreaterThan(hot3[2]);
    expect(cold3[2]).toBeGreaterThan(cold3[0]);
    // saturation grows with confidence on both sides
    const lightness = (c: number[]) => c[0] + c[1] + c[2];
    expect(lightness(colorOfBin(3))).toBeLessThan(lightness(colorOfBin(2)));
    expect(lightness(colorOfBin(2))).toBeLessThan(lightness(colorOfBin(1)));
    expect(lightness(colorOfBin(-3))).toBeLessThan(lightness(colorOfBin(-1)));
    expect(colorOfBin(0)[3]).toBeLessThan(60);
    expect(colorOfBin(9)).toEqual(colorOfBin(3));
  });

  it('labels 99 / 95 / 90 % hot and cold and "not significant", in bin order', () => {
    const rows = binLegend();
    expect(rows.map((r) => r.value)).toEqual(['3', '2', '1', '0', '-1', '-2', '-3']);
    expect(rows.map((r) => r.params?.confidence ?? null)).toEqual([99, 95, 90, null, 90, 95, 99]);
    expect(rows[0].key).toBe('explore.legend.hot');
    expect(rows[6].key).toBe('explore.legend.cold');
    expect(rows.map((r) => r.color)).toEqual([3, 2, 1, 0, -1, -2, -3].map(colorOfBin));
  });
});

describe('emerging pattern colours', () => {
  it('give every pattern but none a distinct hot and cold colour', () => {
    const legend = patternLegend(new Set(['intensifying']));
    expect(legend.map((r) => r.value)).toEqual(EMERGING_PATTERNS.filter((p) => p !== 'none'));
    const all = legend.flatMap((r) => [r.color.join(), r.cold.join()]);
    expect(new Set(all).size).toBe(all.length);
    expect(legend.find((r) => r.value === 'intensifying')?.present).toBe(true);
    expect(legend.filter((r) => r.present)).toHaveLength(1);
    expect(colorOfPattern('none', 0)[3]).toBe(0);
    expect(colorOfPattern('intensifying', 1)).toEqual(legend.find((r) => r.value === 'intensifying')!.color);
    expect(colorOfPattern('intensifying', -1)).toEqual(legend.find((r) => r.value === 'intensifying')!.cold);
  });
});

describe('change classes (B − A)', () => {
  it('are symmetric, whole-numbered, non-overlapping and cover ±max', () => {
    const classes = changeClasses(17);
    expect(classes).toHaveLength(8);
    expect(classes[0].to).toBe(17);
    expect(classes[classes.length - 1].from).toBe(-17);
    const ups = classes.slice(0, 4).reverse();
    for (let i = 1; i < ups.length; i++) expect(ups[i].from).toBe(ups[i - 1].to + 1);
    expect(ups[0].from).toBe(1);
    for (const c of classes.slice(4)) expect(classes.some((u) => u.from === -c.to && u.to === -c.from)).toBe(true);
  });

  it('colour increases red, decreases blue, no change transparent', () => {
    const classes = changeClasses(10);
    const up = colorOfChange(10, classes);
    const down = colorOfChange(-10, classes);
    expect(up[0]).toBeGreaterThan(up[2]);
    expect(down[2]).toBeGreaterThan(down[0]);
    expect(colorOfChange(0, classes)[3]).toBe(0);
    expect(colorOfChange(99, classes)).toEqual(up);
    expect(changeClasses(2)).toHaveLength(4);
    expect(changeClasses(0)).toEqual([]);
  });
});
