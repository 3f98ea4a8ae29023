import type { Rgba } from './colors';

/** Sequential palette for counts (hexagons, choropleth): light yellow → dark red, 6 classes. */
export const COUNT_COLORS: readonly Rgba[] = [
  [255, 237, 160, 170],
  [254, 217, 118, 185],
  [254, 178, 76, 200],
  [253, 141, 60, 210],
  [240, 59, 32, 220],
  [189, 0, 38, 230],
];

/** A class of the legend: counts in [from, to] get `color`. */
export interface CountClass {
  from: number;
  to: number;
  color: Rgba;
}

/**
 * Equal-width classes over 1..max (whole numbers, no empty or overlapping class): fewer classes when max is small.
 * The legend shows exactly these; `colorOfCount` uses them.
 */
export function countClasses(max: number, colors: readonly Rgba[] = COUNT_COLORS): CountClass[] {
  const top = Math.max(0, Math.floor(max));
  if (top < 1) return [];
  const n = Math.min(colors.length, top);
  const classes: CountClass[] = [];
  let from = 1;
  for (let i = 0; i < n; i++) {
    const to = i === n - 1 ? top : Math.max(from, Math.round((top * (i + 1)) / n));
    // pick colours spread over the whole palette, so few classes still run light → dark
    const color = colors[n === 1 ? colors.length - 1 : Math.round((i * (colors.length - 1)) / (n - 1))];
    classes.push({ from, to, color });
    from = to + 1;
  }
  return classes;
}

/** The colour of a count under `classes` (transparent for 0 or no classes; the top colour above the last class). */
export function colorOfCount(count: number, classes: readonly CountClass[]): Rgba {
  if (count < 1 || !classes.length) return [0, 0, 0, 0];
  for (const c of classes) if (count <= c.to) return c.color;
  return classes[classes.length - 1].color;
}
