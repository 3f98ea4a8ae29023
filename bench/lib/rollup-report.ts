// The rollup benchmark's printed tables.
import type { ArrowVsJson } from './arrow-vs-json';
import type { FirstFrame } from './first-frame';
import type { QueryResult } from './rollup-measure';

const ms = (v: number) => (v >= 10_000 ? `${(v / 1000).toFixed(1)} s` : v >= 100 ? `${Math.round(v)} ms` : `${v.toFixed(1)} ms`);

function table(rows: string[][]): string {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)));
  return rows.map((r) => r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ')).join('\n');
}

export function queryTable(results: readonly QueryResult[]): string {
  const rows = [['query', 'rows', 'rollup p50 / p95', 'first (cold)', 'Arrow p50 / p95', 'raw p50 / p95', 'runs', 'raw/rollup', 'equal', 'target']];
  for (const r of results) {
    rows.push([
      r.name,
      r.rows === null ? '-' : r.rows.toLocaleString('en'),
      r.rollup ? `${ms(r.rollup.p50)} / ${ms(r.rollup.p95)}` : '-',
      r.coldRollupMs === null ? '-' : ms(r.coldRollupMs),
      r.arrowRollup ? `${ms(r.arrowRollup.p50)} / ${ms(r.arrowRollup.p95)}` : '-',
      r.raw ? `${ms(r.raw.p50)} / ${ms(r.raw.p95)}` : '-',
      `${r.rollup?.runs ?? 0}+${r.raw?.runs ?? 0}`,
      r.ratio === null ? '-' : `${r.ratio.toFixed(0)}×`,
      r.equal === null ? '-' : r.equal ? 'yes' : 'NO',
      r.error ? 'ERROR' : r.targetMet === null ? '-' : r.targetMet ? 'met' : 'not met',
    ]);
  }
  const notes = results.flatMap((r) => [
    ...(r.found ? [`  ${r.name}: ${r.found}`] : []),
    ...(r.error ? [`  ${r.name}: ${r.error}`] : []),
    ...(r.diff ? [`  ${r.name}: answers differ at ${r.diff}`] : []),
    ...(r.rollup && r.rollup.served.join() !== 'rollup' ? [`  ${r.name}: source=rollup answered with x-gridlens-source ${r.rollup.served.join(', ')}`] : []),
    ...(r.raw && r.raw.served.join() !== 'raw' ? [`  ${r.name}: source=raw answered with x-gridlens-source ${r.raw.served.join(', ')}`] : []),
  ]);
  return [table(rows), ...notes].join('\n');
}

export function pointsTable(a: ArrowVsJson | null, f: FirstFrame | null): string {
  if (!a) return '(Arrow vs JSON not measured)';
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const ratio = (n: number) => `${n.toFixed(3)} (JSON/Arrow ${(1 / n).toFixed(1)}×)`;
  const rows = [
    ['measure', 'Arrow', 'JSON', 'Arrow / JSON'],
    ['bytes on the wire', mb(a.arrowBytes), mb(a.jsonBytes), ratio(a.bytesRatio)],
    ['  gzip -6 of the same', mb(a.arrowGzipBytes), mb(a.jsonGzipBytes), ratio(a.gzipBytesRatio)],
    [`fetch to last byte (p50 of ${a.runs})`, ms(a.arrowFetchMs), ms(a.jsonFetchMs), ratio(a.fetchRatio)],
    [`decode, browser path in Node (p50 of ${a.runs})`, ms(a.arrowDecodeMs), `${ms(a.jsonDecodeMs)} (parse ${ms(a.jsonParseMs)})`, ratio(a.decodeRatio)],
  ];
  if (f) {
    rows.push([`Chromium: request → first frame (p50 of ${f.runs})`, ms(f.arrowMs), ms(f.jsonMs), ratio(f.ratio)]);
    for (const phase of ['fetchMs', 'decodeMs', 'drawMs'] as const) rows.push([`  ${phase.replace('Ms', '')}`, ms(f.arrow[phase]), ms(f.json[phase]), '']);
  } else {
    rows.push(['Chromium: request → first frame', '(not measured)', '', '']);
  }
  return `${a.points.toLocaleString('en')} case points (GET /api/v1/cases)\n${table(rows)}`;
}
