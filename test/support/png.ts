/**
 * Pixels of PNG screenshots, for the browser tests: decode (pngjs), the most common colour (the background),
 * how many pixels in a box differ from a colour, and how many pixels differ between two images of one size.
 */
import { PNG } from 'pngjs';

export interface Image {
  width: number;
  height: number;
  /** RGBA, row by row. */
  data: Uint8Array;
}

export type Rgb = readonly [number, number, number];

/** A box in image pixels; clipped to the image when used. */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function decodePng(buffer: Buffer): Image {
  const png = PNG.sync.read(buffer);
  return { width: png.width, height: png.height, data: new Uint8Array(png.data.buffer, png.data.byteOffset, png.data.length) };
}

export function pixelAt(image: Image, x: number, y: number): Rgb {
  const i = (y * image.width + x) * 4;
  return [image.data[i], image.data[i + 1], image.data[i + 2]];
}

/** The most frequent colour (on a map with few layers on, the background). */
export function dominantColour(image: Image): Rgb {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = -1;
  for (let i = 0; i < image.data.length; i += 4) {
    const key = (image.data[i] << 16) | (image.data[i + 1] << 8) | image.data[i + 2];
    const count = (counts.get(key) ?? 0) + 1;
    counts.set(key, count);
    if (count > bestCount) {
      best = key;
      bestCount = count;
    }
  }
  return [(best >> 16) & 255, (best >> 8) & 255, best & 255];
}

const close = (data: Uint8Array, i: number, [r, g, b]: Rgb, tolerance: number) =>
  Math.abs(data[i] - r) <= tolerance && Math.abs(data[i + 1] - g) <= tolerance && Math.abs(data[i + 2] - b) <= tolerance;

function clip(image: Image, box: Box | undefined) {
  const b = box ?? { x: 0, y: 0, width: image.width, height: image.height };
  const x0 = Math.max(0, Math.floor(b.x));
  const y0 = Math.max(0, Math.floor(b.y));
  const x1 = Math.min(image.width, Math.ceil(b.x + b.width));
  const y1 = Math.min(image.height, Math.ceil(b.y + b.height));
  return { x0, y0, x1, y1 };
}

/** Pixels in `box` (default: all) whose colour differs from `background` by more than `tolerance` per channel. */
export function countNonBackground(image: Image, background: Rgb, box?: Box, tolerance = 8): number {
  const { x0, y0, x1, y1 } = clip(image, box);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) if (!close(image.data, (y * image.width + x) * 4, background, tolerance)) n++;
  }
  return n;
}

/** Pixels in `box` (default: all) that differ by more than `tolerance` in some channel between two images of one size. */
export function countDifferent(a: Image, b: Image, box?: Box, tolerance = 8): number {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`images differ in size: ${a.width}×${a.height} vs ${b.width}×${b.height}`);
  const { x0, y0, x1, y1 } = clip(a, box);
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      const i = (y * a.width + x) * 4;
      if (!close(a.data, i, [b.data[i], b.data[i + 1], b.data[i + 2]], tolerance)) n++;
    }
  }
  return n;
}

/** A box of `radius` pixels around a point. */
export function boxAround(x: number, y: number, radius: number): Box {
  return { x: x - radius, y: y - radius, width: 2 * radius + 1, height: 2 * radius + 1 };
}
