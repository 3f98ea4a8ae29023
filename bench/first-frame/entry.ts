/**
 * Bench-only page (never in the product bundle): draws the case points of one `GET /api/v1/cases` answer with
 * deck.gl and reports how long it took from the request's start to the first frame drawn with them.
 *
 * `window.firstFrame({ mode, url, token, view })`:
 * - `arrow`: `fetch` → `arrayBuffer` → `tableFromIPC` → the dashboard's own `pointTableFromArrow` + `pointLayerData`
 *   + `caseLayers` (apps/web: binary attributes, no accessor functions);
 * - `json`: `fetch` → `response.json()` → one object per case → a ScatterplotLayer with `getPosition` /
 *   `getFillColor` accessors (what a JSON-object map does).
 * The Deck (WebGL context, shaders of an empty map) is made before the clock starts, so both modes time only
 * request, decode, attribute upload and drawing. The frame counts when `onAfterRender` runs with the points layer
 * holding all the rows; `gl.finish()` there waits for the GPU (SwiftShader here) to have drawn it.
 */
import { Deck, MapView, type Layer, type MapViewState } from '@deck.gl/core';
import { ScatterplotLayer } from '@deck.gl/layers';
import type { CasePointsResponse } from '@gridlens/contracts';
import { tableFromIPC } from 'apache-arrow';
import { pointTableFromArrow } from '../../apps/web/src/lib/map/arrow-points';
import { caseLayers } from '../../apps/web/src/lib/map/layers/case-layers';
import { pointLayerData } from '../../apps/web/src/lib/map/point-table';
import { jsonPointObjects, type JsonPoint } from './json-points';

export interface FirstFrameRequest {
  mode: 'arrow' | 'json';
  url: string;
  token: string;
  view: MapViewState;
}

export interface FirstFrameResult {
  mode: 'arrow' | 'json';
  points: number;
  /** request start → last byte */
  fetchMs: number;
  /** last byte → layer data ready */
  decodeMs: number;
  /** layer handed to deck → frame drawn */
  drawMs: number;
  /** request start → first frame drawn with the points */
  totalMs: number;
}

const POINTS_ID = 'case-points';

function jsonLayer(objects: JsonPoint[]): Layer {
  return new ScatterplotLayer<JsonPoint>({
    id: POINTS_ID,
    data: objects,
    pickable: true,
    radiusUnits: 'pixels',
    getRadius: 3.5,
    radiusMinPixels: 2,
    stroked: false,
    getPosition: (p) => p.position,
    getFillColor: (p) => p.color,
  });
}

function makeDeck(view: MapViewState): Promise<Deck<MapView>> {
  return new Promise((resolve) => {
    const deck: Deck<MapView> = new Deck<MapView>({
      parent: document.getElementById('map') as HTMLDivElement,
      views: new MapView({ repeat: false }),
      initialViewState: view,
      controller: false,
      layers: [],
      onLoad: () => resolve(deck),
    });
  });
}

async function firstFrame({ mode, url, token, view }: FirstFrameRequest): Promise<FirstFrameResult> {
  const deck = await makeDeck(view);
  const t0 = performance.now();
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 200) throw new Error(`GET ${url}: HTTP ${response.status}`);
  let layers: Layer[];
  let points: number;
  let t1: number;
  if (mode === 'arrow') {
    const bytes = new Uint8Array(await response.arrayBuffer());
    t1 = performance.now();
    const data = pointLayerData(pointTableFromArrow(tableFromIPC(bytes), 0));
    layers = caseLayers(data, [], 0);
    points = data.length;
  } else {
    const text = await response.text();
    t1 = performance.now();
    const objects = jsonPointObjects(JSON.parse(text) as CasePointsResponse);
    layers = [jsonLayer(objects)];
    points = objects.length;
  }
  const t2 = performance.now();
  const drawn = new Promise<number>((resolve) => {
    deck.setProps({
      layers,
      onAfterRender: () => {
        const layer = deck.props.layers.find((l) => (l as Layer).id === POINTS_ID) as Layer | undefined;
        // the frame counts once the drawn layer holds every row (its attributes are built before drawing)
        const instances = layer?.getNumInstances?.() ?? 0;
        if (instances !== points || !layer?.isLoaded) return;
        const gl = (deck as unknown as { device?: { gl?: WebGL2RenderingContext } }).device?.gl;
        gl?.finish();
        resolve(performance.now());
      },
    });
  });
  const t3 = await drawn;
  deck.finalize();
  return { mode, points, fetchMs: t1 - t0, decodeMs: t2 - t1, drawMs: t3 - t2, totalMs: t3 - t0 };
}

(window as unknown as { firstFrame: typeof firstFrame }).firstFrame = firstFrame;
(window as unknown as { firstFrameReady: boolean }).firstFrameReady = true;
