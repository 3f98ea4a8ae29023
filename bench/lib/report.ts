// The benchmark's report: the live stream's figures, the printed table and the rounding of what goes to JSON.
import type { ProfileSummary } from './cpu-profile';
import type { IngestRun } from './ingest-client';
import type { LiveCounter } from './live-counter';
import type { StatementStat, TransactionTimeline } from './pg-log';
import type { CpuUsage } from './proc-cpu';
import { fmt, fmtInt, round, summarize, type Summary } from './stats';

export interface LiveResult {
  received: number;
  expected: number;
  duplicates: number;
  foreign: number;
  outOfOrder: number;
  frames: number;
  kpiFrames: number;
  /** From the last ingest response to the moment the socket had every event. */
  drainAfterLastResponseMs: number;
  /** Per batch: from its response to the arrival of its last event on the socket. */
  batchDeliveryLagMs: Summary;
  error: string | null;
}

export function liveSummary(live: LiveCounter, ingest: IngestRun, lastResponseAt: number, error: string | null): LiveResult {
  const lags: number[] = [];
  for (let b = 0; b < ingest.batches; b++) if (live.batchCompleteAt[b] > 0) lags.push(live.batchCompleteAt[b] - ingest.responseAt[b]);
  return {
    received: live.received,
    expected: ingest.events,
    duplicates: live.duplicates,
    foreign: live.foreign,
    outOfOrder: live.outOfOrder,
    frames: live.frames,
    kpiFrames: live.kpiFrames,
    drainAfterLastResponseMs: round(error ? Number.NaN : live.lastEventAt - lastResponseAt),
    batchDeliveryLagMs: roundSummary(summarize(lags)),
    error,
  };
}

export function printReport(r: ReportInput, outFile: string): void {
  const lines: string[] = [];
  const row = (label: string, value: string, note = '') => lines.push(`  ${label.padEnd(44)} ${value.padStart(14)}  ${note}`);
  lines.push('');
  lines.push(`gridlens ingest benchmark — ${fmtInt(r.dataset.events)} events (${fmtInt(r.dataset.cases)} cases × 5), ${r.dataset.batches} batches of ${fmtInt(r.settings.batchSize)}`);
  lines.push(`  PostgreSQL ${r.database.postgres} + PostGIS ${r.database.postgis}, node ${process.version}, ${r.machine.cores} cores; autovacuum ${r.database.autovacuum}`);
  lines.push('');
  if (r.copy) {
    row('raw COPY into bench_raw (GiST), rows/s', fmtInt(r.copy.rowsPerSecond), `${fmtInt(r.copy.rows)} rows in ${fmt(r.copy.wallMs / 1000, 2)} s, ${r.copy.chunks} COPYs`);
  }
  row(
    'ingest POST /api/v1/events, events/s',
    fmtInt(r.ingest.eventsPerSecond),
    `${fmtInt(r.ingest.events)} accepted in ${fmt(r.ingest.wallMs / 1000, 2)} s, concurrency ${r.ingest.concurrency}, live ${r.live ? 'attached' : 'off'}`,
  );
  if (r.ratio !== null) row('ratio ingest / COPY', fmt(r.ratio, 3), `target ≥ ${r.target}: ${r.ratio >= r.target ? 'MET' : 'NOT MET'}`);
  row('batch latency p50 / p99 / max, ms', `${fmtInt(r.ingest.batchLatencyMs.p50)} / ${fmtInt(r.ingest.batchLatencyMs.p99)}`, `max ${fmtInt(r.ingest.batchLatencyMs.max)}`);
  row('duplicates reported by the server', fmtInt(r.ingest.duplicates));
  if (r.live) {
    row('live: events received on the socket', `${fmtInt(r.live.received)}`, `of ${fmtInt(r.live.expected)}; duplicates ${r.live.duplicates}, out of order ${r.live.outOfOrder}`);
    row('live: all received after last response, s', fmt(r.live.drainAfterLastResponseMs / 1000, 2), r.live.error ?? '');
    row('live: per-batch delivery lag p50 / p99, ms', `${fmtInt(r.live.batchDeliveryLagMs.p50)} / ${fmtInt(r.live.batchDeliveryLagMs.p99)}`, `${r.live.frames} events frames, ${r.live.kpiFrames} kpis frames`);
  }
  if (r.ingest.cpu) {
    const c = r.ingest.cpu.seconds;
    row(
      'ingest CPU s: server / pg backends / pg bg / bench',
      `${c.server} / ${c.postgresDb} / ${c.postgresBackground} / ${c.bench}`,
      `machine busy ${fmt(r.ingest.cpu.machineBusyFraction * 100, 0)}% of ${r.ingest.cpu.cores} cores; other processes ${c.other} s`,
    );
  }
  if (r.copy?.cpu) {
    const c = r.copy.cpu.seconds;
    row(
      'COPY CPU s: server / pg backends / pg bg / bench',
      `${c.server} / ${c.postgresDb} / ${c.postgresBackground} / ${c.bench}`,
      `machine busy ${fmt(r.copy.cpu.machineBusyFraction * 100, 0)}%; other processes ${c.other} s`,
    );
  }
  row('database check (events, cases, all closed, placed)', r.check.ok ? 'OK' : 'FAILED', `${fmtInt(r.check.events)} events, ${fmtInt(r.check.cases)} cases, ${fmtInt(r.check.closed)} closed, ${r.check.unplaced} unplaced`);
  if (r.profile) {
    lines.push('');
    lines.push(`  server CPU profile (${fmt(r.profile.windowMs / 1000, 1)} s window, ingest + live drain): ${r.profile.file}`);
    for (const p of r.profile.parts) lines.push(`    ${p.part.padEnd(50)} ${fmt(p.ms / 1000, 2).padStart(8)} s ${fmt(p.share * 100, 1).padStart(6)}%`);
    lines.push('  top self time:');
    for (const f of r.profile.topSelf.slice(0, 15)) lines.push(`    ${`${f.fn} (${f.file})`.slice(0, 80).padEnd(80)} ${fmt(f.ms / 1000, 2).padStart(7)} s`);
    const t = r.profile.serialSection;
    if (t) {
      lines.push(
        `  serial section (seq counter lock held, BEGIN…COMMIT after the lock), mean of ${t.transactions} transactions: ${fmt(t.lockedMs, 0)} ms = ` +
          `SQL ${fmt(t.sqlMs, 0)} ms + server between statements ${fmt(t.betweenStatementsMs, 0)} ms ` +
          `→ ceiling ${fmtInt((r.settings.batchSize / t.lockedMs) * 1000)} events/s`,
      );
      for (const [label, ms] of Object.entries(t.perStatementMs).sort((a, b) => b[1] - a[1])) lines.push(`    ${label.slice(0, 60).padEnd(60)} ${fmt(ms, 1).padStart(8)} ms`);
    }
    if (r.profile.postgresStatements) {
      lines.push('  PostgreSQL statements in the window (log_min_duration_statement = 0):');
      for (const st of r.profile.postgresStatements.slice(0, 18)) {
        lines.push(`    ${`${st.phase} ${st.label}`.slice(0, 70).padEnd(70)} n=${String(st.count).padStart(6)} total ${fmt(st.totalMs / 1000, 2).padStart(7)} s mean ${fmt(st.meanMs, 1).padStart(7)} ms`);
      }
    }
  }
  lines.push('');
  lines.push(`  written ${outFile}`);
  console.log(lines.join('\n'));
}

export type ReportInput = {
  settings: { batchSize: number };
  machine: { cores: number };
  database: { postgres: string; postgis: string | null; autovacuum: string };
  dataset: { events: number; cases: number; batches: number };
  copy: { rows: number; chunks: number; wallMs: number; rowsPerSecond: number; cpu: CpuUsage | null } | null;
  ingest: { events: number; duplicates: number; concurrency: number; wallMs: number; eventsPerSecond: number; batchLatencyMs: Summary; cpu: CpuUsage | null };
  ratio: number | null;
  target: number;
  live: LiveResult | null;
  check: { ok: boolean; events: number; cases: number; closed: number; unplaced: number };
  profile: (ProfileSummary & { file: string | null; postgresStatements: StatementStat[] | null; serialSection: TransactionTimeline | null }) | null;
};

export function roundSummary(s: Summary): Summary {
  return { count: s.count, min: round(s.min), p50: round(s.p50), p90: round(s.p90), p99: round(s.p99), max: round(s.max), mean: round(s.mean) };
}

export function roundProfile(p: ProfileSummary): ProfileSummary {
  return {
    windowMs: round(p.windowMs),
    parts: p.parts.map((x) => ({ ...x, ms: round(x.ms), share: round(x.share, 4) })),
    topSelf: p.topSelf.map((x) => ({ ...x, ms: round(x.ms), share: round(x.share, 4) })),
  };
}

