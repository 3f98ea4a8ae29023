import { EMERGING_PATTERNS, type EmergingPatternName } from '@gridlens/contracts';
import type { Rgba } from '../map/colors';

/**
 * Colours of the explorer's statistical layers and the legends that explain them: Gi* bins (diverging hot–cold,
 * ColorBrewer RdYlBu), emerging-hotspot patterns (a colour per pattern, hot reds / cold blues), and the change
 * between two periods (B − A, diverging, classes symmetric around 0). Pure.
 */

const TRANSPARENT: Rgba = [0, 0, 0, 0];

/** bin −3..+3 → colour; 0 (not significant) is drawn faint so the study area still reads. */
export const BIN_COLORS: Record<number, Rgba> = {
  3: [215, 48, 39, 230],
  2: [252, 141, 89, 220],
  1: [254, 224, 144, 210],
  0: [148, 163, 184, 28],
  [-1]: [224, 243, 248, 210],
  [-2]: [145, 191, 219, 220],
  [-3]: [69, 117, 180, 230],
};

export function colorOfBin(bin: number): Rgba {
  return BIN_COLORS[Math.max(-3, Math.min(3, Math.trunc(bin)))] ?? TRANSPARENT;
}

export interface LegendRow {
  color: Rgba;
  /** A message key (explore.*) and its parameters, so the legend follows the language. */
  key: string;
  params?: Record<string, string | number>;
  /** Identifies the row in tests (bin, pattern, class bound). */
  value: string;
}

/** Hot 99 / 95 / 90 %, not significant, cold 90 / 95 / 99 %. */
export function binLegend(): LegendRow[] {
  const confidence: Record<number, number> = { 3: 99, 2: 95, 1: 90 };
  return [3, 2, 1, 0, -1, -2, -3].map((bin) => ({
    color: colorOfBin(bin),
    key: bin === 0 ? 'explore.legend.notSignificant' : bin > 0 ? 'explore.legend.hot' : 'explore.legend.cold',
    params: bin === 0 ? undefined : { confidence: confidence[Math.abs(bin)] },
    value: String(bin),
  }));
}

/** Hot variant of each pattern (cold: the same hue family in blue, same order). `none` is not drawn. */
const HOT_PATTERN: Record<Exclude<EmergingPatternName, 'none'>, Rgba> = {
  new: [255, 237, 111, 230],
  consecutive: [253, 174, 97, 230],
  intensifying: [174, 1, 126, 245],
  persistent: [227, 74, 51, 230],
  diminishing: [251, 154, 153, 230],
  sporadic: [255, 127, 0, 200],
  oscillating: [202, 178, 214, 230],
  historical: [166, 97, 26, 200],
};
const COLD_PATTERN: Record<Exclude<EmergingPatternName, 'none'>, Rgba> = {
  new: [199, 233, 180, 230],
  consecutive: [127, 205, 187, 230],
  intensifying: [8, 48, 107, 240],
  persistent: [33, 113, 181, 230],
  diminishing: [158, 202, 225, 230],
  sporadic: [65, 182, 196, 200],
  oscillating: [106, 81, 163, 230],
  historical: [82, 82, 82, 200],
};

export const DRAWN_PATTERNS = EMERGING_PATTERNS.filter((p): p is Exclude<EmergingPatternName, 'none'> => p !== 'none');

/** `hot`: 1 hot, −1 cold, 0 none. */
export function colorOfPattern(pattern: EmergingPatternName, hot: number): Rgba {
  if (pattern === 'none' || hot === 0) return TRANSPARENT;
  return (hot > 0 ? HOT_PATTERN : COLD_PATTERN)[pattern];
}

/** One row per pattern, with its hot and cold swatch; `present` marks patterns in the current answer. */
export function patternLegend(present: ReadonlySet<string> = new Set()): (LegendRow & { cold: Rgba; present: boolean })[] {
  return DRAWN_PATTERNS.map((pattern) => ({
    color: HOT_PATTERN[pattern],
    cold: COLD_PATTERN[pattern],
    key: `explore.pattern.${pattern}`,
    value: pattern,
    present: present.has(pattern),
  }));
}

/** Classes of a change B − A: `n` per side, symmetric bounds up to the largest |change|. */
export interface ChangeClass {
  from: number;
  to: number;
  color: Rgba;
}

const INCREASE: Rgba[] = [
  [254, 224, 210, 210],
  [252, 146, 114, 220],
  [239, 59, 44, 230],
  [165, 15, 21, 240],
];
const DECREASE: Rgba[] = [
  [222, 235, 247, 210],
  [158, 202, 225, 220],
  [66, 146, 198, 230],
  [8, 69, 148, 240],
];

/** Whole-number classes 1..max on each side (fewer when max is small); 0 is its own (transparent) class. */
export function changeClasses(maxAbs: number): ChangeClass[] {
  const top = Math.max(0, Math.floor(maxAbs));
  if (top < 1) return [];
  const n = Math.min(INCREASE.length, top);
  const ups: ChangeClass[] = [];
  let from = 1;
  for (let i = 0; i < n; i++) {
    const to = i === n - 1 ? top : Math.max(from, Math.round((top * (i + 1)) / n));
    const shade = n === 1 ? INCREASE.length - 1 : Math.round((i * (INCREASE.length - 1)) / (n - 1));
    ups.push({ from, to, color: INCREASE[shade] });
    from = to + 1;
  }
  const downs = ups.map((c, i) => ({ from: -c.to, to: -c.from, color: DECREASE[DECREASE.length - INCREASE.length + INCREASE.indexOf(ups[i].color)] }));
  return [...ups.reverse(), ...downs];
}

export function colorOfChange(change: number, classes: readonly ChangeClass[]): Rgba {
  if (change === 0 || !classes.length) return TRANSPARENT;
  for (const c of classes) if (change >= c.from && change <= c.to) return c.color;
  return change > 0 ? classes[0].color : classes[classes.length - 1].color;
}
