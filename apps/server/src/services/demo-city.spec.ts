import { describe, expect, it } from 'vitest';
import { weighByGrids } from './demo-city';

describe('weighByGrids', () => {
  it('gives districts case shares by their grids, a quarter of the average at least, and leaves a city without grids alone', () => {
    const square = { type: 'Polygon' as const, coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] };
    const districts = ['A', 'B', 'C'].map((code) => ({ code, geometry: square }));
    const grid = (district: string, i: number) => ({ code: `${district}${i}`, parent: 'c', street: 's', district, bbox: [0, 0, 1, 1] as const });
    const grids = [...Array.from({ length: 8 }, (_, i) => grid('A', i)), grid('B', 0)];
    expect(weighByGrids(districts, grids).map((d) => d.weight)).toEqual([8 / 3, 0.333_333_333_333_333_3, 0.25]);
    expect(weighByGrids(districts, [])).toBe(districts);
  });
});
