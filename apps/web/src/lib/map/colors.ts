import type { CaseStatus } from '@gridlens/contracts';

export type Rgba = [number, number, number, number];

/** Colour of a case point by its current status (legend order = workflow order). */
export const STATUS_COLORS: Record<CaseStatus, Rgba> = {
  reported: [239, 68, 68, 230], // red: new, nobody has it yet
  verified: [249, 115, 22, 230],
  registered: [245, 158, 11, 230],
  dispatched: [234, 179, 8, 230],
  returned: [217, 70, 239, 230],
  handled: [59, 130, 246, 230],
  checked: [14, 165, 233, 230],
  suspended: [148, 163, 184, 230],
  closed: [34, 197, 94, 200],
  voided: [100, 116, 139, 140],
};

export const BOUNDARY_LINE: Rgba = [148, 197, 255, 220];
export const BOUNDARY_FILL: Rgba = [30, 64, 120, 40];
export const BOUNDARY_FILL_SELECTED: Rgba = [96, 165, 250, 90];

/** Synthetic (generated, not surveyed) boundaries: amber, so they read as "not official". */
export const SYNTHETIC_LINE: Rgba = [251, 191, 36, 170];
export const CELL_LINE: Rgba = [15, 23, 42, 120];
export const SELECTED_LINE: Rgba = [255, 255, 255, 255];
export const LABEL_COLOR: Rgba = [226, 232, 240, 255];
export const LABEL_OUTLINE: Rgba = [15, 23, 42, 255];
/** The ring drawn around a new report. */
export const PULSE_COLOR: Rgba = [248, 113, 113, 255];

/** The heatmap's colour ramp (low → high), passed to the layer and drawn in its legend. */
export const HEATMAP_COLORS: readonly [number, number, number][] = [
  [255, 255, 178],
  [254, 217, 118],
  [254, 178, 76],
  [253, 141, 60],
  [240, 59, 32],
  [189, 0, 38],
];

/** CSS colour of an RGBA tuple (alpha 0–255). */
export const cssColor = ([r, g, b, a = 255]: readonly number[]) => `rgba(${r}, ${g}, ${b}, ${(a / 255).toFixed(2)})`;
