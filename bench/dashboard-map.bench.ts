/**
 * The dashboard's map work per live frame, with 1,000 and with 100,000 cases in view, side by side in one run
 * (`npm run bench:dashboard`). "Smooth with 100,000 cases" means the main thread's work per live frame does not
 * grow with the cases on the map: merging a frame of live events into the binary point table, wrapping it for
 * deck.gl and rebuilding the layer descriptors must cost about the same at 100k as at 1k, and far less than a
 * 16.7 ms animation frame. The GPU's share (drawing 100k instanced points) is not measured here: headless Chromium
 * draws WebGL in software on this machine, which says nothing about a real screen.
 * Also timed: the one-off load of 100k points from the server's Arrow answer (decode + point table).
 */
import { tableFromIPC } from 'apache-arrow';
import type { CaseStatus, LiveEvent } from '@gridlens/contracts';
import { casePointsToArrowStream } from '../apps/server/src/services/case-points-format';
import { pointTableFromArrow } from '../apps/web/src/lib/map/arrow-points';
import { buildLayers, initialLayerState } from '../apps/web/src/lib/map/layers/build-layers';
import { mergeLiveEvents, pointFilter, pointLayerData, pointTableFromRows, type PointTable } from '../apps/web/src/lib/map/point-table';
import { updatePulses, type Pulse } from '../apps/web/src/lib/map/pulses';
import { mulberry32 } from './lib/prng';

const STATUSES: CaseStatus[] = ['reported', 'registered', 'dispatched', 'handled', 'closed'];
const FRAME_BUDGET_MS = 1000 / 60;
const FRAMES = Number(process.env.BENCH_FRAMES ?? 2000);
const EVENTS_PER_FRAME = Number(process.env.BENCH_EVENTS_PER_FRAME ?? 5);
const NOW = Date.parse('2026-11-28T12:00:00+08:00');

function table(n: number, seed: number): PointTable {
  const rnd = mulberry32(seed);
  const rows = Array.from({ length: n }, (_, i) => ({
    caseId: `C${String(i).padStart(7, '0')}`,
    lon: 119.4 + rnd() * 0.8,
    lat: 31.3 + rnd() * 0.7,
    status: STATUSES[Math.floor(rnd() * STATUSES.length)],
    category: 'E0505',
    reportedAtMs: NOW - rnd() * 30 * 86_400_000,
  }));
  return pointTableFromRows(rows, n, n + 1024);
}

/** Live frames: half status changes of known cases, half new reports. */
function frames(n: number, count: number, seed: number): LiveEvent[][] {
  const rnd = mulberry32(seed);
  let seq = n;
  let next = n;
  return Array.from({ length: count }, () =>
    Array.from({ length: EVENTS_PER_FRAME }, (_, k) => {
      seq += 1;
      const fresh = k % 2 === 0;
      const caseId = fresh ? `C${String(next++).padStart(7, '0')}` : `C${String(Math.floor(rnd() * n)).padStart(7, '0')}`;
      return {
        seq,
        eventId: `E${seq}`,
        caseId,
        type: fresh ? 'reported' : 'dispatched',
        at: new Date(NOW).toISOString(),
        category: 'E0505',
        lon: 119.4 + rnd() * 0.8,
        lat: 31.3 + rnd() * 0.7,
        regions: { city: '320400', district: '320402', street: null, community: null, grid: null },
        status: fresh ? 'reported' : 'dispatched',
      } satisfies LiveEvent;
    }),
  );
}

/** ms per live frame: merge, wrap for deck.gl, pulses, buildLayers with points, pulses and heatmap on. */
function perFrame(n: number): number {
  const t = table(n, 7);
  const input = frames(n, FRAMES, 11);
  const filter = pointFilter({ status: [], from: '', to: '' });
  const base = { ...initialLayerState(), visible: { boundaries: false, cases: true, heatmap: true, hexagons: false, choropleth: false } };
  let pulses: Pulse[] = [];
  let layers = 0;
  const start = performance.now();
  for (const events of input) {
    const { reported } = mergeLiveEvents(t, events, filter);
    const now = performance.now();
    pulses = updatePulses(pulses, reported, now);
    layers += buildLayers({ ...base, points: pointLayerData(t), pulses, now }).length;
  }
  const ms = (performance.now() - start) / FRAMES;
  if (layers === 0) throw new Error('no layers built');
  return ms;
}

function loadArrow(n: number): { decodeMs: number; tableMs: number; bytes: number } {
  const t = table(n, 3);
  const bytes = casePointsToArrowStream({
    seq: n,
    truncated: false,
    caseId: t.caseIds.slice(0, t.length),
    lon: Float64Array.from({ length: t.length }, (_, i) => t.positions[2 * i]),
    lat: Float64Array.from({ length: t.length }, (_, i) => t.positions[2 * i + 1]),
    status: t.statuses.slice(0, t.length),
    category: t.categories.slice(0, t.length),
    district: t.caseIds.slice(0, t.length).map(() => '320402'),
    reportedAtMs: t.reportedAtMs.slice(0, t.length),
  });
  const a = performance.now();
  const arrow = tableFromIPC(bytes);
  const b = performance.now();
  const loaded = pointTableFromArrow(arrow, n);
  const c = performance.now();
  if (loaded.length !== n) throw new Error(`loaded ${loaded.length} of ${n} points`);
  return { decodeMs: b - a, tableMs: c - b, bytes: bytes.byteLength };
}

// Warm up the JIT on both sizes, then measure them alternately so the machine's noise hits both alike.
perFrame(1_000);
perFrame(100_000);
const small: number[] = [];
const large: number[] = [];
for (let round = 0; round < 3; round++) {
  small.push(perFrame(1_000));
  large.push(perFrame(100_000));
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const s = median(small);
const l = median(large);
const load = loadArrow(100_000);
console.log(`dashboard map, per live frame of ${EVENTS_PER_FRAME} events (${FRAMES} frames, median of 3 rounds):`);
console.log(`  1,000 cases in view:   ${s.toFixed(3)} ms`);
console.log(`  100,000 cases in view: ${l.toFixed(3)} ms`);
console.log(`  ratio 100k / 1k:       ${(l / s).toFixed(2)}  (≈ 1: the work per frame does not grow with the cases in view)`);
console.log(`  100k frame / 16.7 ms:  ${(l / FRAME_BUDGET_MS).toFixed(4)}  (share of one animation frame)`);
console.log(`load of 100,000 points: Arrow ${(load.bytes / 1e6).toFixed(1)} MB, decode ${load.decodeMs.toFixed(1)} ms, point table ${load.tableMs.toFixed(1)} ms`);
