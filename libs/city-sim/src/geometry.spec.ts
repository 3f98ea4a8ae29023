import { describe, expect, it } from 'vitest';
import { type AreaGeometry, distanceMetres, offsetMetres, pointInGeometry, randomPointIn, scatterAround } from './geometry';
import { Rng } from './rng';

const squareWithHole: AreaGeometry = {
  type: 'Polygon',
  coordinates: [
    [[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]],
    [[4, 4], [6, 4], [6, 6], [4, 6], [4, 4]],
  ],
};
const two: AreaGeometry = {
  type: 'MultiPolygon',
  coordinates: [[[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]], [[[5, 5], [6, 5], [6, 6], [5, 6], [5, 5]]]],
};

describe('geometry', () => {
  it('tells inside from outside, holes and multipolygons included', () => {
    expect(pointInGeometry(1, 1, squareWithHole)).toBe(true);
    expect(pointInGeometry(5, 5, squareWithHole)).toBe(false);
    expect(pointInGeometry(11, 5, squareWithHole)).toBe(false);
    expect(pointInGeometry(0.5, 0.5, two)).toBe(true);
    expect(pointInGeometry(5.5, 5.5, two)).toBe(true);
    expect(pointInGeometry(3, 3, two)).toBe(false);
  });

  it('samples points inside the geometry only', () => {
    const rng = new Rng('geo');
    for (let i = 0; i < 500; i++) {
      const [lon, lat] = randomPointIn(squareWithHole, rng);
      expect(pointInGeometry(lon, lat, squareWithHole)).toBe(true);
      const [x, y] = scatterAround([5.5, 5.5], 200_000, two, rng);
      expect(pointInGeometry(x, y, two)).toBe(true);
    }
  });

  it('moves by metres at city scale', () => {
    const p = offsetMetres(119.95, 31.78, 300, 400);
    expect(distanceMetres([119.95, 31.78], p)).toBeCloseTo(500, 0);
  });
});
