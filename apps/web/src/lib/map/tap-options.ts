/**
 * deck.gl's gesture options for a click on the map. deck picks synchronously in its pointerdown handler and then
 * recognises a click as a tap: pointerdown and pointerup handled within 250 ms, moved less than 9 px. With WebGL in
 * software (a wall PC without drivers, a VM, a headless browser) that pick alone takes 400–700 ms on a busy machine
 * (measured in headless Chromium on 2 loaded cores), so every click was taken for a long press and dropped. There,
 * a click is told from a drag by movement alone: the press may last up to SOFTWARE_TAP_MS. No map here has a
 * long-press action, so nothing else is lost.
 */
import type { DeckProps } from '@deck.gl/core';
import { isSoftwareRenderer, webglRenderer } from '../wall/render-budget';

export const SOFTWARE_TAP_MS = 5000;

export function tapRecognizerOptions(renderer: string | null): NonNullable<DeckProps['eventRecognizerOptions']> {
  return isSoftwareRenderer(renderer) ? { click: { time: SOFTWARE_TAP_MS } } : {};
}

let pageOptions: NonNullable<DeckProps['eventRecognizerOptions']> | null = null;

/** This page's options: the renderer is asked once (a throwaway WebGL context), not each time a map is created. */
export function mapTapOptions(doc: Document = document): NonNullable<DeckProps['eventRecognizerOptions']> {
  pageOptions ??= tapRecognizerOptions(webglRenderer(doc));
  return pageOptions;
}
